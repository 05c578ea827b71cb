"""Registering and changing children: validation, jurisdiction, history, audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.children.identity import id_number_make
from cityplatform.children.models import Child, ChildEvent, LackingCareFinding
from cityplatform.children.services import (
    GuardianInput,
    child_register,
    child_update,
    guardian_add,
    guardian_update,
)
from cityplatform.children.tests.conftest import BIRTH, HUABU, HUANHUAN_ID, HUANHUAN_PHONE
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from conftest import LITIAN, MAFANGTANG

pytestmark = pytest.mark.django_db


def register(actor, village=HUABU, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "name": "王小花",
        "sex": "F",
        "birth_date": datetime.date(2013, 8, 1),
        "id_number": id_number_make("430281", datetime.date(2013, 8, 1), 22),
        "categories": ["left_behind"],
        "guardianship": "adequate",
    }
    values.update(overrides)
    return child_register(actor=actor, village=Place.objects.get(code=village), **values)


def test_register_stores_masked_and_indexed_id_and_history(world) -> None:  # type: ignore[no-untyped-def]
    child = register(world.huabu_director)
    assert child.id_number_masked.startswith("430281")
    assert "********" in child.id_number_masked
    assert child.registered_by == world.huabu_director
    assert child.registered_on == timezone.localdate()
    event = child.events.get()
    assert event.kind == ChildEvent.Kind.REGISTERED
    assert event.actor == world.huabu_director
    assert AuditEntry.objects.filter(
        action="create", object_type="children.child", object_id=str(child.pk)
    ).exists()


def test_register_refuses_bad_input_with_every_error_and_saves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    before = Child.objects.count()
    with pytest.raises(ValidationError) as info:
        register(
            world.huabu_director,
            name="",
            sex="X",
            birth_date=timezone.localdate() + datetime.timedelta(days=3),
            id_number="430281201305170012",
            categories=[],
            guardianship="fine",
            guardians=[GuardianInput(name="", relation="uncle", situation="gone", phone="123")],
        )
    fields = set(info.value.error_dict)
    assert {"name", "sex", "birth_date", "id_number", "categories", "guardianship"} <= fields
    assert {"guardians.0.name", "guardians.0.relation", "guardians.0.phone"} <= fields
    assert Child.objects.count() == before


def test_invalid_id_number_checksum_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    good = id_number_make("430281", datetime.date(2013, 8, 1), 22)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        register(world.huabu_director, id_number=bad)
    assert "id_number" in info.value.error_dict
    # The message never repeats the number.
    assert bad not in str(info.value)


def test_id_number_birth_date_must_match(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        register(world.huabu_director, birth_date=datetime.date(2013, 8, 2))
    assert info.value.error_dict["id_number"][0].code == "birth_date_mismatch"


def test_too_old_for_the_registry(world) -> None:  # type: ignore[no-untyped-def]
    born = datetime.date(2000, 1, 1)
    with pytest.raises(ValidationError) as info:
        register(world.huabu_director, birth_date=born, id_number="")
    assert info.value.error_dict["birth_date"][0].code == "too_old"


def test_the_same_id_number_twice_is_a_conflict(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        register(world.huabu_director, birth_date=BIRTH, id_number=HUANHUAN_ID)
    assert info.value.status == 409
    assert HUANHUAN_ID not in info.value.message


def test_a_director_registers_only_in_their_village(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        register(world.huabu_director, village=MAFANGTANG)
    with pytest.raises(PermissionDenied):
        register(world.stranger)
    with pytest.raises(ValidationError) as info:
        register(world.litian_supervisor, village=LITIAN)
    assert info.value.error_dict["village"][0].code == "not_village"


def test_update_records_changed_fields_without_the_id_number(world) -> None:  # type: ignore[no-untyped-def]
    child = world.huanhuan
    new_id = id_number_make("430281", BIRTH, 15)
    child_update(
        actor=world.litian_supervisor,
        child=child,
        school="李畋中学",
        id_number=new_id,
        categories=["unsupported"],
        name="李欢欢",
    )
    event = child.events.filter(kind="updated").get()
    assert set(event.changes) == {"school", "id_number", "categories"}
    assert event.changes["id_number"] == {"changed": True}
    assert new_id not in str(event.changes)
    assert HUANHUAN_ID not in str(event.changes)
    child.refresh_from_db()
    assert child.id_number == new_id
    assert child.categories == ["unsupported"]
    entry = AuditEntry.objects.filter(action="update", object_id=str(child.pk)).get()
    assert entry.detail == {"fields": ["categories", "id_number", "school"]}


def test_update_with_nothing_changed_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    child_update(actor=world.huabu_director, child=world.huanhuan, school="华埠小学")
    assert not world.huanhuan.events.filter(kind="updated").exists()


def test_update_outside_the_jurisdiction_is_404(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        child_update(actor=world.mft_director, child=world.huanhuan, school="x")
    with pytest.raises(PermissionDenied):
        child_update(actor=world.auditor, child=world.huanhuan, school="x")


def test_turning_lacking_is_a_finding_once(world, make_child) -> None:  # type: ignore[no-untyped-def]
    child = make_child(HUABU, "周小明")
    assert not LackingCareFinding.objects.filter(child=child).exists()
    child_update(actor=world.huabu_director, child=child, guardianship="lacking_other")
    child_update(actor=world.huabu_director, child=child, guardianship="lacking_epidemic")
    assert LackingCareFinding.objects.filter(child=child).count() == 1
    # Registered lacking: found on registration.
    assert LackingCareFinding.objects.filter(child=world.huanhuan).count() == 1


def test_guardians_history_masks_phones(world) -> None:  # type: ignore[no-untyped-def]
    guardian = guardian_add(
        actor=world.huabu_director,
        child=world.huanhuan,
        name="李奶奶",
        relation="grandparent",
        situation="at_home",
        phone="13912345678",
    )
    guardian_update(actor=world.huabu_director, guardian=guardian, phone="13812345678")
    texts = str(list(world.huanhuan.events.values_list("changes", flat=True)))
    assert "13912345678" not in texts
    assert "13812345678" not in texts
    assert "139****5678" in texts
    father = world.huanhuan.guardians.get(relation="father")
    assert father.phone == HUANHUAN_PHONE
    with pytest.raises(ValidationError):
        guardian_update(actor=world.huabu_director, guardian=father, phone="42")
