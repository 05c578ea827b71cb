"""The figures are computed from the records: one more record changes them at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cityplatform.places.models import Place
from cityplatform.volunteers.models import ServiceRecord
from cityplatform.volunteers.selectors import stats
from cityplatform.volunteers.services import OutputIn, activity_update, membership_add
from cityplatform.volunteers.tests.conftest import LI, WANG, ZHANG, activity, enrol, serve
from conftest import LITIAN, MAFANGTANG, SHITING

pytestmark = pytest.mark.django_db

EVERYTHING = stats.StatsFilter()


@pytest.fixture
def records(world):  # type: ignore[no-untyped-def]
    """张三 in both organisations; 李四 and 王五 in 义工联合会 only.

    义工联合会: 2020-02-01 at 石亭镇 (张三 2, 李四 3), 2020-02-05 at 马放塘社区 (王五 1.5)
    石亭镇志愿服务队: 2020-02-03 at 石亭镇 (张三 4), 2020-03-02 at 李畋镇 (no records)
    """
    zhang = enrol(world.yigong_org, "张三", ZHANG)
    membership_add(volunteer=zhang, organization=world.shiting_org, joined_on=date(2020, 1, 1))
    li = enrol(world.yigong_org, "李四", LI)
    wang = enrol(world.yigong_org, "王五", WANG)
    first = activity(world.yigong_org, on=date(2020, 2, 1), outputs=(OutputIn("masks", 500),))
    second = activity(
        world.yigong_org,
        on=date(2020, 2, 5),
        place=MAFANGTANG,
        kind="temperature_checks",
        outputs=(OutputIn("masks", 36), OutputIn("messages", 12)),
    )
    third = activity(world.shiting_org, on=date(2020, 2, 3), kind="disinfection")
    activity(world.shiting_org, on=date(2020, 3, 2), place=LITIAN, kind="disinfection")
    serve(zhang, first, "2")
    serve(li, first, "3")
    serve(wang, second, "1.5")
    serve(zhang, third, "4")
    return {"zhang": zhang, "li": li, "wang": wang, "first": first, "third": third}


def test_summary_counts_a_person_once(records) -> None:  # type: ignore[no-untyped-def]
    figures = stats.summary(EVERYTHING)
    assert figures == stats.Figures(
        organizations=2, volunteers=3, activities=4, person_times=4, hours=Decimal("10.50")
    )


def test_one_more_record_changes_the_figures(records, world) -> None:  # type: ignore[no-untyped-def]
    before = stats.summary(EVERYTHING)
    serve(records["li"], activity(world.yigong_org, on=date(2020, 2, 9)), "2.25")
    after = stats.summary(EVERYTHING)
    assert after.person_times == before.person_times + 1
    assert after.activities == before.activities + 1
    assert after.hours == before.hours + Decimal("2.25")
    assert after.volunteers == before.volunteers  # 李四 had served already


def test_filters(records) -> None:  # type: ignore[no-untyped-def]
    february = stats.stats_filter(date_from=date(2020, 2, 1), date_to=date(2020, 2, 29))
    assert stats.summary(february) == stats.Figures(2, 3, 3, 4, Decimal("10.50"))
    first_week = stats.stats_filter(date_from=date(2020, 2, 1), date_to=date(2020, 2, 2))
    assert stats.summary(first_week) == stats.Figures(1, 2, 1, 2, Decimal("5.00"))
    shiting = stats.stats_filter(town=SHITING)
    assert stats.summary(shiting) == stats.Figures(2, 2, 2, 3, Decimal("9.00"))
    litian = stats.stats_filter(town=LITIAN)
    assert stats.summary(litian) == stats.Figures(1, 0, 1, 0, Decimal("0.00"))
    nothing = stats.stats_filter(date_from=date(2021, 1, 1))
    assert stats.summary(nothing) == stats.Figures()
    # A range around every activity is the same as no range (the fast path).
    wide = stats.stats_filter(date_from=date(2019, 1, 1), date_to=date(2021, 1, 1))
    assert stats.summary(wide) == stats.summary(EVERYTHING)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"date_from": date(2020, 3, 1), "date_to": date(2020, 2, 1)},
        {"town": "430281000000"},  # the county, not a town
        {"town": "430281002001"},  # a community, not a town
        {"town": "999999999999"},
        {"town": "石亭镇"},
    ],
)
def test_bad_filters(places, kwargs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        stats.stats_filter(**kwargs)


def test_breakdown_by_organization(records, world) -> None:  # type: ignore[no-untyped-def]
    rows = {r.label: r.figures for r in stats.breakdown(EVERYTHING, "organization")}
    assert rows == {
        "醴陵市义工联合会": stats.Figures(1, 3, 2, 3, Decimal("6.50")),
        "石亭镇志愿服务队": stats.Figures(1, 1, 2, 1, Decimal("4.00")),
    }
    # 张三 served both: the organisations' volunteers add up to more than the total.
    assert sum(f.volunteers for f in rows.values()) == stats.summary(EVERYTHING).volunteers + 1


def test_breakdown_by_type_town_and_week(records) -> None:  # type: ignore[no-untyped-def]
    by_type = {r.key: r.figures for r in stats.breakdown(EVERYTHING, "type")}
    assert by_type["epidemic_publicity"] == stats.Figures(1, 2, 1, 2, Decimal("5.00"))
    assert by_type["disinfection"] == stats.Figures(1, 1, 2, 1, Decimal("4.00"))

    by_town = {r.key: (r.label, r.figures) for r in stats.breakdown(EVERYTHING, "town")}
    assert by_town[SHITING] == ("石亭镇", stats.Figures(2, 2, 2, 3, Decimal("9.00")))
    assert by_town["430281002000"] == ("来龙门街道", stats.Figures(1, 1, 1, 1, Decimal("1.50")))
    assert by_town[LITIAN][1].activities == 1

    weeks = stats.breakdown(EVERYTHING, "week")
    # Weeks start on Monday: 2020-02-01 (Sat) is in the week of 01-27, 02-03 (Mon)
    # and 02-05 in the week of 02-03, 03-02 (Mon) in its own.
    assert [(r.key, r.figures.person_times, r.figures.activities) for r in weeks] == [
        ("2020-01-27", 2, 1),
        ("2020-02-03", 2, 2),
        ("2020-03-02", 0, 1),
    ]
    assert weeks[1].figures.volunteers == 2


def test_outputs(records, world) -> None:  # type: ignore[no-untyped-def]
    totals = {o.kind: (o.quantity, o.unit) for o in stats.output_totals(EVERYTHING)}
    assert totals == {"masks": (536, "只"), "messages": (12, "条")}
    by_org = stats.outputs_by_organization(EVERYTHING)
    assert [entry.name for entry in by_org] == ["醴陵市义工联合会"]
    first_day = stats.stats_filter(date_from=date(2020, 2, 1), date_to=date(2020, 2, 1))
    assert [(o.kind, o.quantity) for o in stats.output_totals(first_day)] == [("masks", 500)]


def test_latest_activities_carry_their_person_times(records) -> None:  # type: ignore[no-untyped-def]
    latest = stats.latest_activities(EVERYTHING, limit=3)
    assert [a.date for a in latest] == [date(2020, 3, 2), date(2020, 2, 5), date(2020, 2, 3)]
    assert [a.person_times for a in latest] == [0, 1, 1]  # type: ignore[attr-defined]
    assert latest[1].hours == Decimal("1.50")  # type: ignore[attr-defined]


def test_summary_uses_aggregate_queries(records, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    # A fixed handful of queries whatever the number of records: no per-record work.
    with django_assert_max_num_queries(5):
        stats.summary(stats.stats_filter(date_from=date(2020, 2, 1)))


def test_volunteers_are_counted_per_selection(records) -> None:  # type: ignore[no-untyped-def]
    assert stats.summary(stats.stats_filter(town=SHITING)).volunteers == 2
    assert stats.summary(stats.stats_filter(date_from=date(2020, 2, 2))).volunteers == 2
    assert stats.summary(stats.stats_filter(date_to=date(2020, 2, 1))).volunteers == 2
    assert stats.summary(stats.stats_filter(town=LITIAN)).volunteers == 0


def test_moving_an_activity_moves_its_records_in_the_figures(records) -> None:  # type: ignore[no-untyped-def]
    # The records' copies of the date and place follow the activity they belong to.
    third = records["third"]
    activity_update(activity=third, date=date(2020, 3, 1), place=Place.objects.get(code=LITIAN))
    assert set(
        ServiceRecord.objects.filter(activity=third).values_list("activity_date", "activity_place")
    ) == {(date(2020, 3, 1), LITIAN)}
    march = stats.summary(stats.stats_filter(date_from=date(2020, 3, 1)))
    assert (march.person_times, march.volunteers, march.hours) == (1, 1, Decimal("4.00"))
    litian = stats.summary(stats.stats_filter(town=LITIAN))
    assert (litian.person_times, litian.volunteers) == (1, 1)
    assert stats.summary(stats.stats_filter(town=SHITING)).person_times == 2
