"""Real parallel transactions (PostgreSQL): the same child registered twice at the same
moment, and two people changing one record at once."""

import datetime
import threading
from collections.abc import Callable

import pytest
from django.db import connection

from cityplatform.children.identity import id_number_make
from cityplatform.children.models import Child, ChildEvent
from cityplatform.children.services import child_register, child_update
from cityplatform.children.tests.conftest import HUABU
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(*actions: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(actions))
    results: list[object] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            action()
            results.append("ok")
        except DomainError as exc:
            results.append(exc.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_the_same_id_number_registered_twice_at_once(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    born = datetime.date(2014, 7, 7)
    number = id_number_make("430281", born, 33)
    huabu = Place.objects.get(code=HUABU)

    def register(actor):  # type: ignore[no-untyped-def]
        return lambda: child_register(
            actor=actor,
            village=huabu,
            name="同时登记",
            sex="M",
            birth_date=born,
            id_number=number,
            categories=["left_behind"],
        )

    results = _together(register(world.huabu_director), register(world.litian_supervisor))
    assert sorted(results, key=str) == [409, "ok"]
    assert Child.objects.filter(name="同时登记").count() == 1


def test_two_changes_at_once_are_both_in_the_history(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    child = world.huanhuan
    results = _together(
        lambda: child_update(
            actor=world.huabu_director, child=Child.objects.get(pk=child.pk), school="甲校"
        ),
        lambda: child_update(
            actor=world.litian_supervisor,
            child=Child.objects.get(pk=child.pk),
            special_needs="哮喘",
        ),
    )
    assert results == ["ok", "ok"]
    child.refresh_from_db()
    assert (child.school, child.special_needs) == ("甲校", "哮喘")
    changed = [e.changed_fields for e in ChildEvent.objects.filter(child=child, kind="updated")]
    assert sorted(f for fields in changed for f in fields) == ["school", "special_needs"]


def test_history_cannot_be_rewritten_even_with_raw_sql(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    from django.db import DatabaseError, transaction

    from cityplatform.core.models import AppendOnlyError

    event = ChildEvent.objects.filter(child=world.huanhuan).first()
    with pytest.raises(AppendOnlyError):
        ChildEvent.objects.filter(pk=event.pk).update(kind="updated")
    for sql in (
        "UPDATE children_childevent SET kind = 'updated' WHERE id = %s",
        "DELETE FROM children_childevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert ChildEvent.objects.filter(pk=event.pk, kind="registered").exists()
