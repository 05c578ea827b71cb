"""The registry's figures for the daily zero report: daily_registry_counts and
unplaced_new_children, per village and day."""

import datetime

import pytest
from django.utils import timezone

from cityplatform.children.selectors import daily_registry_counts, unplaced_new_children
from cityplatform.children.services import arrangement_start, child_update
from cityplatform.children.tests.conftest import HUABU
from cityplatform.places.models import Place
from conftest import MAFANGTANG

pytestmark = pytest.mark.django_db


def test_a_day_with_a_new_unplaced_child(world) -> None:  # type: ignore[no-untyped-def]
    huabu = Place.objects.get(code=HUABU)
    today = timezone.localdate()
    assert daily_registry_counts(huabu, today) == {"new_lacking_care": 1, "placed": 0}
    assert unplaced_new_children(huabu, today) == 1
    # Another village, another day: nothing.
    assert daily_registry_counts(Place.objects.get(code=MAFANGTANG), today) == {
        "new_lacking_care": 0,
        "placed": 0,
    }
    assert daily_registry_counts(huabu, today - datetime.timedelta(days=1)) == {
        "new_lacking_care": 0,
        "placed": 0,
    }


def test_placing_the_child_counts_as_placed_and_clears_unplaced(world) -> None:  # type: ignore[no-untyped-def]
    huabu = Place.objects.get(code=HUABU)
    today = timezone.localdate()
    arrangement_start(
        actor=world.huabu_director,
        child=world.huanhuan,
        kind="relative",
        carer="外婆",
        responsible_person="刘主任",
        starts_on=today,
    )
    assert daily_registry_counts(huabu, today) == {"new_lacking_care": 1, "placed": 1}
    assert unplaced_new_children(huabu, today) == 0
    # A second arrangement is not a second placement.
    arrangement_start(
        actor=world.centre,
        child=world.huanhuan,
        kind="fallback",
        responsible_person="陈主任",
        starts_on=today,
    )
    assert daily_registry_counts(huabu, today)["placed"] == 1


def test_a_placement_starting_tomorrow_leaves_today_unplaced(world) -> None:  # type: ignore[no-untyped-def]
    huabu = Place.objects.get(code=HUABU)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    arrangement_start(
        actor=world.huabu_director,
        child=world.huanhuan,
        kind="neighbour",
        carer="邻居",
        responsible_person="刘主任",
        starts_on=tomorrow,
    )
    assert unplaced_new_children(huabu, today) == 1
    assert daily_registry_counts(huabu, tomorrow) == {"new_lacking_care": 0, "placed": 1}


def test_a_child_turning_lacking_is_new_that_day_and_later_changes_keep_the_past(world) -> None:  # type: ignore[no-untyped-def]
    huabu = Place.objects.get(code=HUABU)
    today = timezone.localdate()
    child = world.huanhuan
    child_update(actor=world.huabu_director, child=child, guardianship="adequate")
    # The day's figure stays: the child was found lacking today.
    assert daily_registry_counts(huabu, today)["new_lacking_care"] == 1


def test_a_zero_report_hiding_an_unplaced_child_is_flagged_until_the_child_is_placed(
    world, make_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.children.daily_reports import CHILDREN_CARE
    from cityplatform.reports.kinds import get_kind
    from cityplatform.reports.roles import REPORTER
    from cityplatform.reports.services import report_file_zero

    kind = get_kind(CHILDREN_CARE)
    assert kind is not None
    assert kind.cross_check is not None
    huabu = Place.objects.get(code=HUABU)
    reporter = make_user("huabu_reporter", roles=[REPORTER], place=HUABU)
    report = report_file_zero(actor=reporter, kind=kind, village=huabu).report
    report.refresh_from_db()
    assert report.flagged
    assert "1" in report.flags[0]

    with django_capture_on_commit_callbacks(execute=True):
        arrangement_start(
            actor=world.huabu_director,
            child=world.huanhuan,
            kind="relative",
            carer="外婆",
            responsible_person="刘主任",
            starts_on=timezone.localdate(),
        )
    report.refresh_from_db()
    assert not report.flagged
    assert report.flags == []


def test_registry_counts_for_every_village_in_two_queries(
    world, make_child, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.children.selectors import registry_counts_by_village

    today = timezone.localdate()
    make_child(HUABU, "王二", guardianship="lacking_other")
    make_child(MAFANGTANG, "张三", guardianship="lacking_epidemic")
    with django_assert_num_queries(2):
        county = registry_counts_by_village("430281", today)
    assert county == {
        HUABU: {"new_lacking_care": 2, "placed": 0},
        MAFANGTANG: {"new_lacking_care": 1, "placed": 0},
    }
    with django_assert_num_queries(2):
        assert registry_counts_by_village(HUABU, today) == {
            HUABU: {"new_lacking_care": 2, "placed": 0}
        }


def test_a_days_figures_show_the_registry_beside_a_villages_zero(
    world, make_child, make_user
) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.children.daily_reports import CHILDREN_CARE
    from cityplatform.reports.kinds import get_kind
    from cityplatform.reports.roles import REPORTER
    from cityplatform.reports.selectors.figures import day_figures
    from conftest import LITIAN

    kind = get_kind(CHILDREN_CARE)
    assert kind is not None
    make_child(HUABU, "王二", guardianship="lacking_other")  # 李欢欢 is the first
    huabu = Place.objects.get(code=HUABU)
    reporter = make_user("huabu_reporter", roles=[REPORTER], place=HUABU)
    from cityplatform.reports.services import report_file_zero

    report_file_zero(actor=reporter, kind=kind, village=huabu)
    figures = day_figures(kind=kind, place=Place.objects.get(code=LITIAN), day=timezone.localdate())
    (row,) = [r for r in figures.rows if r.place.code == HUABU]
    assert row.sums["new_lacking_care"] == 0
    assert row.registry == {"new_lacking_care": 2, "placed": 0}
    assert row.differs == ["new_lacking_care"]
    assert figures.total.registry == {"new_lacking_care": 2, "placed": 0}
    assert [r.place.code for r in figures.rows if r.differs] == [HUABU]
