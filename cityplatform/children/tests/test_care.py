"""Care arrangements and alarms, visits and follow-ups, counselling, assistance."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cityplatform.children.models import PROTECTION_CENTRE, CareArrangement
from cityplatform.children.selectors import dashboard_for, open_alarms, overdue_follow_ups
from cityplatform.children.services import (
    ItemInput,
    arrangement_end,
    arrangement_start,
    assistance_record,
    counselling_record,
    follow_up_complete,
    visit_record,
)
from cityplatform.children.tests.conftest import HUABU
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from conftest import LILING, LITIAN, MAFANGTANG

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def alarm_ids(code: str) -> set[int]:
    return set(open_alarms(Place.objects.get(code=code).prefix).values_list("pk", flat=True))


def test_lacking_child_without_care_is_an_alarm_on_every_dashboard_above(world) -> None:  # type: ignore[no-untyped-def]
    child = world.huanhuan
    for code in (HUABU, LITIAN, LILING):
        assert child.pk in alarm_ids(code)
    assert child.pk not in alarm_ids(MAFANGTANG)
    assert world.city_child.pk not in alarm_ids(LILING)  # guardianship adequate

    arrangement = arrangement_start(
        actor=world.huabu_director,
        child=child,
        kind="relative",
        carer="外婆",
        responsible_person="刘主任",
        starts_on=TODAY(),
    )
    for code in (HUABU, LITIAN, LILING):
        assert child.pk not in alarm_ids(code)

    # Ending the arrangement reopens the alarm.
    arrangement_end(
        actor=world.huabu_director,
        arrangement=arrangement,
        ends_on=TODAY() - datetime.timedelta(days=0),
        reason="外婆住院",
    )
    assert child.pk not in alarm_ids(LILING)  # still in force through today
    CareArrangement.objects.filter(pk=arrangement.pk).update(
        starts_on=TODAY() - datetime.timedelta(days=5), ends_on=TODAY() - datetime.timedelta(days=1)
    )
    assert child.pk in alarm_ids(LILING)


def test_dashboard_counts_and_rows(world) -> None:  # type: ignore[no-untyped-def]
    board = dashboard_for(Place.objects.get(code=LITIAN))
    assert board.total == 1
    assert board.lacking == 1
    assert [c.pk for c in board.alarms] == [world.huanhuan.pk]
    huabu_row = next(r for r in board.rows if r.place.code == HUABU)
    assert (huabu_row.children, huabu_row.alarms) == (1, 1)
    assert huabu_row.by_category["unsupported"] == 1
    county = dashboard_for(Place.objects.get(code=LILING))
    assert county.total == 2
    assert len(county.rows) == 24


def test_fallback_guardianship_only_by_the_centre_or_bureau(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        arrangement_start(
            actor=world.huabu_director,
            child=world.huanhuan,
            kind="fallback",
            responsible_person="陈主任",
            starts_on=TODAY(),
        )
    assert info.value.status == 403
    fallback = arrangement_start(
        actor=world.centre,
        child=world.huanhuan,
        kind="fallback",
        carer="anything",
        responsible_person="陈主任",
        starts_on=TODAY(),
    )
    assert fallback.carer == PROTECTION_CENTRE
    assert world.huanhuan.pk not in alarm_ids(LILING)


def test_arrangement_bad_input(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        arrangement_start(
            actor=world.huabu_director,
            child=world.huanhuan,
            kind="hotel",
            carer="",
            responsible_person="",
            responsible_phone="12",
            starts_on=TODAY() + datetime.timedelta(days=90),
            ends_on=TODAY(),
        )
    assert {"kind", "carer", "responsible_person", "responsible_phone", "starts_on"} <= set(
        info.value.error_dict
    )
    assert not CareArrangement.objects.exists()


def test_visits_follow_ups_and_overdue(world) -> None:  # type: ignore[no-untyped-def]
    visited = TODAY() - datetime.timedelta(days=10)
    visit = visit_record(
        actor=world.huabu_director,
        child=world.huanhuan,
        visited_on=visited,
        visitor_name="刘主任",
        visitor_kind="director",
        findings="父亲隔离，兄妹由外婆照看",
        follow_up="联系学校落实网课设备",
        follow_up_by=visited + datetime.timedelta(days=3),
    )
    prefix = Place.objects.get(code=LITIAN).prefix
    assert list(overdue_follow_ups(prefix)) == [visit]
    follow_up_complete(actor=world.litian_supervisor, visit=visit)
    assert not overdue_follow_ups(prefix).exists()
    with pytest.raises(DomainError):
        follow_up_complete(actor=world.litian_supervisor, visit=visit)


def test_visit_bad_input(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        visit_record(
            actor=world.huabu_director,
            child=world.huanhuan,
            visited_on=TODAY() + datetime.timedelta(days=1),
            visitor_name="",
            visitor_kind="alien",
            findings="",
            follow_up="再访",
        )
    assert {"visited_on", "visitor_name", "visitor_kind", "findings", "follow_up_by"} <= set(
        info.value.error_dict
    )
    with pytest.raises(ValidationError) as info:
        visit_record(
            actor=world.huabu_director,
            child=world.huanhuan,
            visited_on=TODAY(),
            visitor_name="刘主任",
            visitor_kind="director",
            findings="ok",
            follow_up="再访",
            follow_up_by=TODAY() - datetime.timedelta(days=1),
        )
    assert "follow_up_by" in info.value.error_dict


def test_counselling(world) -> None:  # type: ignore[no-untyped-def]
    session = counselling_record(
        actor=world.huabu_director,
        child=world.huanhuan,
        held_on=TODAY(),
        counsellor="醴陵市心理协会",
        mode="online",
    )
    assert session.child == world.huanhuan
    assert world.huanhuan.events.filter(kind="counselling").exists()


def test_assistance_items_and_cash_as_decimal(world) -> None:  # type: ignore[no-untyped-def]
    given = assistance_record(
        actor=world.bureau,
        child=world.huanhuan,
        given_on=TODAY(),
        given_by="醴陵市民政局关爱“一老一小”工作组",
        items=[ItemInput("口罩", 20, "只"), ItemInput("书包", 1, "个"), ItemInput("文具", 1, "套")],
        cash_amount="1000",
        cash_purpose="慰问金",
    )
    given.refresh_from_db()
    assert given.cash_amount == Decimal("1000.00")
    assert [str(i) for i in given.items.all()] == ["口罩 × 20只", "书包 × 1个", "文具 × 1套"]


@pytest.mark.parametrize(
    ("cash", "items", "field"),
    [
        ("-5", [], "cash_amount"),
        ("abc", [], "cash_amount"),
        ("1.234", [], "cash_amount"),
        ("NaN", [], "cash_amount"),
        ("0", [], "__all__"),
        ("0", [ItemInput("口罩", 0)], "items.0.quantity"),
        ("0", [ItemInput("", 2)], "items.0.item"),
    ],
)
def test_assistance_bad_input(world, cash, items, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        assistance_record(
            actor=world.bureau,
            child=world.huanhuan,
            given_on=TODAY(),
            given_by="民政局",
            items=items,
            cash_amount=cash,
        )
    assert field in info.value.error_dict
