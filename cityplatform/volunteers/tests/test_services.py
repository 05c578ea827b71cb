"""Recording: organisations, volunteers, activities and service records, with the bad
input each must refuse without writing anything."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from cityplatform.volunteers.models import (
    Activity,
    ActivityOutput,
    Membership,
    Organization,
    ServiceRecord,
    Volunteer,
)
from cityplatform.volunteers.services import (
    OutputIn,
    activity_create,
    activity_update,
    membership_add,
    organization_create,
    service_record_add,
    service_record_delete,
    volunteer_enrol,
    volunteer_update,
)
from cityplatform.volunteers.tests.conftest import (
    LI,
    WANG,
    ZHANG,
    activity,
    credit_code,
    enrol,
    serve,
)
from conftest import LILING, MAFANGTANG, SHITING

pytestmark = pytest.mark.django_db


# --- Organisations ---------------------------------------------------------------


def test_organisation_credit_code_is_validated(make_organization) -> None:  # type: ignore[no-untyped-def]
    good = credit_code(1)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        make_organization("醴陵市蓝天救援队", credit_code=bad)
    assert "credit_code" in info.value.error_dict
    assert not Organization.objects.exists()


def test_organisation_names_and_codes_are_unique(make_organization) -> None:  # type: ignore[no-untyped-def]
    make_organization("醴陵市心理协会", credit_code=credit_code(7))
    with pytest.raises(ValidationError) as info:
        make_organization("醴陵市心理协会", credit_code=credit_code(8))
    assert "name" in info.value.error_dict
    with pytest.raises(ValidationError) as info:
        make_organization("醴陵市九八公益协会", credit_code=credit_code(7))
    assert "credit_code" in info.value.error_dict


def test_organisation_lives_in_a_county_or_town(make_organization) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_organization("某社区志愿队", place=MAFANGTANG)
    assert "place" in info.value.error_dict


def test_only_the_bureau_registers_organisations(world) -> None:  # type: ignore[no-untyped-def]
    values = {
        "name": "醴陵市益爱志愿者协会",
        "kind": "association",
        "credit_code": credit_code(50),
        "contact_person": "陈丽娟",
        "contact_phone": "13807330002",
        "place": Place.objects.get(code=LILING),
    }
    with pytest.raises(PermissionDenied):
        organization_create(actor=world.yigong, **values)
    with pytest.raises(PermissionDenied):  # a county-wide one is outside 李畋镇
        organization_create(actor=world.town_officer, **values)
    organization_create(actor=world.zhiyuan, **values)
    assert AuditEntry.objects.filter(actor=world.zhiyuan, action="create").exists()


# --- Volunteers -------------------------------------------------------------------


def test_enrol_new_person(world) -> None:  # type: ignore[no-untyped-def]
    volunteer, created = volunteer_enrol(
        organization=world.yigong_org,
        name="张三",
        phone="138 0733 1234",
        id_number=ZHANG,
        place=Place.objects.get(code=SHITING),
        joined_on=date(2020, 1, 1),
        skills=["驾驶", "宣传", "驾驶"],
        actor=world.yigong,
    )
    assert created
    assert volunteer.phone == "13807331234"
    assert sorted(s.name for s in volunteer.skills.all()) == ["宣传", "驾驶"]
    assert Membership.objects.get(volunteer=volunteer).organization == world.yigong_org
    entry = AuditEntry.objects.get(
        object_type="volunteers.volunteer", object_id=str(volunteer.pk), action="create"
    )
    assert ZHANG not in str(entry.detail)
    assert "张三" not in str(entry.detail)


def test_same_person_in_two_organisations_is_one_volunteer(world) -> None:  # type: ignore[no-untyped-def]
    first = enrol(world.yigong_org, "张三", ZHANG)
    second, created = volunteer_enrol(
        organization=world.shiting_org,
        name="张三",
        phone="13807331234",
        id_number=ZHANG.lower(),
        place=Place.objects.get(code=SHITING),
        joined_on=date(2020, 1, 2),
    )
    assert not created
    assert second.pk == first.pk
    assert Volunteer.objects.count() == 1
    assert Membership.objects.filter(volunteer=first).count() == 2


def test_joining_twice_or_under_another_name_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    enrol(world.yigong_org, "张三", ZHANG)
    with pytest.raises(DomainError) as info:
        enrol(world.yigong_org, "张三", ZHANG)
    assert (info.value.code, info.value.status) == ("already_member", 409)
    with pytest.raises(DomainError) as info:
        enrol(world.shiting_org, "李四", ZHANG)
    assert info.value.code == "identity_mismatch"
    assert Membership.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("id_number", {"id_number": "430281199001010018"}),
        ("id_number", {"id_number": "12345"}),
        ("phone", {"phone": "123"}),
        ("name", {"name": "  "}),
        ("place", {"place": None}),
        ("joined_on", {"joined_on": None}),
    ],
)
def test_bad_volunteer_input_writes_nothing(world, field, overrides) -> None:  # type: ignore[no-untyped-def]
    values = {
        "organization": world.yigong_org,
        "name": "张三",
        "phone": "13807331234",
        "id_number": ZHANG,
        "place": Place.objects.get(code=LILING),
        "joined_on": date(2020, 1, 1),
    }
    values.update(overrides)
    with pytest.raises(ValidationError) as info:
        volunteer_enrol(**values)
    assert field in info.value.error_dict
    assert not Volunteer.objects.exists()
    assert not Membership.objects.exists()


def test_joining_in_the_future_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        enrol(world.yigong_org, "张三", ZHANG, joined_on=timezone.localdate() + timedelta(days=1))


def test_staff_enrol_only_in_their_own_organisation(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        volunteer_enrol(
            organization=world.shiting_org,
            name="张三",
            phone="13807331234",
            id_number=ZHANG,
            place=Place.objects.get(code=LILING),
            joined_on=date(2020, 1, 1),
            actor=world.yigong,
        )
    assert not Volunteer.objects.exists()


def test_volunteer_update_replaces_the_id_number(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    enrol(world.yigong_org, "李四", LI)
    with pytest.raises(ValidationError):
        volunteer_update(
            volunteer=volunteer,
            name="张三",
            phone="13807331234",
            place=volunteer.place,
            id_number=LI,
        )
    volunteer_update(
        volunteer=volunteer,
        name="张三",
        phone="13807331234",
        place=volunteer.place,
        id_number=WANG,
        actor=world.yigong,
    )
    volunteer.refresh_from_db()
    assert volunteer.id_number == WANG
    assert volunteer.id_number_masked.endswith("040X")
    with pytest.raises(PermissionDenied):
        volunteer_update(
            volunteer=volunteer,
            name="张三",
            phone="13807331234",
            place=volunteer.place,
            actor=world.shiting,
        )


# --- Activities -------------------------------------------------------------------


def test_activity_with_outputs(world) -> None:  # type: ignore[no-untyped-def]
    created = activity(
        world.yigong_org,
        outputs=(OutputIn("masks", 200), OutputIn("messages", 12, "条")),
    )
    outputs = {o.kind: (o.quantity, o.unit) for o in created.outputs.all()}
    assert outputs == {"masks": (200, "只"), "messages": (12, "条")}


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("kind", {"kind": "partying"}),
        ("title", {"title": ""}),
        ("place", {"place": LILING}),  # a county is too vague for an activity
        ("date", {"date": None}),
        ("outputs", {"outputs": [OutputIn("masks", 0)]}),
        ("outputs", {"outputs": [OutputIn("masks", -5)]}),
        ("outputs", {"outputs": [OutputIn("masks", 5), OutputIn("masks", 6)]}),
        ("outputs", {"outputs": [OutputIn("confetti", 5)]}),
    ],
)
def test_bad_activity_input_writes_nothing(world, field, overrides) -> None:  # type: ignore[no-untyped-def]
    values = {
        "organization": world.yigong_org,
        "kind": "epidemic_publicity",
        "title": "宣传",
        "place": SHITING,
        "date": date(2020, 2, 1),
        "outputs": [],
    }
    values.update(overrides)
    if values["place"]:
        values["place"] = Place.objects.get(code=values["place"])
    with pytest.raises(ValidationError) as info:
        activity_create(**values)
    assert field in info.value.error_dict
    assert not Activity.objects.exists()
    assert not ActivityOutput.objects.exists()


def test_activity_cannot_move_before_its_volunteers_joined(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG, joined_on=date(2020, 2, 1))
    held = activity(world.yigong_org, on=date(2020, 2, 3))
    serve(volunteer, held)
    with pytest.raises(DomainError) as info:
        activity_update(activity=held, date=date(2020, 1, 30))
    assert info.value.code == "volunteers_joined_later"
    held.refresh_from_db()
    assert held.date == date(2020, 2, 3)
    activity_update(activity=held, date=date(2020, 2, 1), title="改期")
    held.refresh_from_db()
    assert (held.date, held.title) == (date(2020, 2, 1), "改期")


# --- Service records --------------------------------------------------------------


def test_service_record(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    record = service_record_add(
        volunteer=volunteer, activity=activity(world.yigong_org), hours="2.5", actor=world.yigong
    )
    assert record.hours == Decimal("2.50")
    assert record.recorded_by == world.yigong


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        ("-1", "not_positive"),
        ("0", "not_positive"),
        ("24.01", "too_many"),
        ("25", "too_many"),
        ("2.555", "precision"),
        ("two", "invalid"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        (None, "invalid"),
        (True, "invalid"),
    ],
)
def test_bad_hours_are_refused(world, hours, code) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    with pytest.raises(ValidationError) as info:
        service_record_add(volunteer=volunteer, activity=activity(world.yigong_org), hours=hours)
    assert info.value.error_dict["hours"][0].code == code
    assert not ServiceRecord.objects.exists()


def test_a_full_day_is_the_most_one_record_holds(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    assert serve(volunteer, activity(world.yigong_org), "24").hours == Decimal("24.00")


def test_record_before_joining_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG, joined_on=date(2020, 2, 10))
    early = activity(world.yigong_org, on=date(2020, 2, 1))
    with pytest.raises(DomainError) as info:
        serve(volunteer, early)
    assert (info.value.code, info.value.status) == ("before_joining", 422)
    assert "2020-02-10" in info.value.message
    serve(volunteer, activity(world.yigong_org, on=date(2020, 2, 10)))  # the joining day counts
    assert ServiceRecord.objects.count() == 1


def test_record_for_another_organisations_activity_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    with pytest.raises(DomainError) as info:
        serve(volunteer, activity(world.shiting_org))
    assert info.value.code == "not_a_member"
    assert not ServiceRecord.objects.exists()


def test_duplicate_record_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    held = activity(world.yigong_org)
    serve(volunteer, held, "2")
    with pytest.raises(DomainError) as info:
        serve(volunteer, held, "3")
    assert (info.value.code, info.value.status) == ("duplicate_record", 409)
    assert ServiceRecord.objects.get().hours == Decimal("2.00")


def test_staff_record_only_for_their_organisation(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.shiting_org, "张三", ZHANG)
    with pytest.raises(PermissionDenied):
        service_record_add(
            volunteer=volunteer, activity=activity(world.shiting_org), hours="2", actor=world.yigong
        )
    with pytest.raises(PermissionDenied):  # the bureau of 李畋镇 does not cover 石亭镇
        service_record_add(
            volunteer=volunteer,
            activity=activity(world.shiting_org),
            hours="2",
            actor=world.town_officer,
        )
    service_record_add(
        volunteer=volunteer, activity=activity(world.shiting_org), hours="2", actor=world.zhiyuan
    )


def test_only_the_bureau_removes_records(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    record = serve(volunteer, activity(world.yigong_org))
    with pytest.raises(PermissionDenied):
        service_record_delete(record=record, actor=world.yigong)
    service_record_delete(record=record, actor=world.zhiyuan)
    assert not ServiceRecord.objects.exists()


def test_membership_add_then_serve_both(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    membership_add(volunteer=volunteer, organization=world.shiting_org, joined_on=date(2020, 1, 5))
    serve(volunteer, activity(world.yigong_org))
    serve(volunteer, activity(world.shiting_org))
    with pytest.raises(DomainError):
        membership_add(
            volunteer=volunteer, organization=world.shiting_org, joined_on=date(2020, 1, 5)
        )
