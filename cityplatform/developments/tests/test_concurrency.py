"""Two handlers marking the same enquiry at once, two editors moving the same
development: exactly one change wins, the other gets a 409."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.developments.models import Development, Enquiry, EnquiryEvent, SaleStatusEvent
from cityplatform.developments.services import development_change_status, enquiry_transition
from cityplatform.developments.tests.conftest import enquire

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(action: Callable[[], object]) -> list[object]:
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    barrier = threading.Barrier(2)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            action()
            results.append("ok")
        except DomainError as exc:
            results.append(exc.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results, key=str)


def test_simultaneous_enquiry_transitions_make_one_change(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    enquiry = enquire(world.cuiwan)

    def mark() -> None:
        stale = Enquiry.objects.select_related("development").get(pk=enquiry.pk)
        enquiry_transition(enquiry=stale, actor=world.handler, to_status="contacted")

    assert _race(mark) == [409, "ok"]
    assert EnquiryEvent.objects.filter(enquiry=enquiry, to_status="contacted").count() == 1


def test_simultaneous_status_changes_make_one_change(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")

    def sell_out() -> None:
        stale = Development.objects.get(pk=world.cuiwan.pk)
        development_change_status(development=stale, actor=world.editor, to_status="sold_out")

    assert _race(sell_out) == [409, "ok"]
    assert (
        SaleStatusEvent.objects.filter(development=world.cuiwan, to_status="sold_out").count() == 1
    )
