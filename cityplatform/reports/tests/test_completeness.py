"""Completeness and timeliness: counted by the database, checked against a plain count."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityplatform.places.models import Place
from cityplatform.reports.selectors.completeness import (
    Tally,
    completeness_by_town,
    completeness_grid,
    months_with_reports,
    villages_missing,
)
from cityplatform.reports.services import county_day_approve, town_day_approve
from cityplatform.reports.tests.conftest import DAY, at, file, file_town, village
from conftest import LAILONGMEN, LILING, MAFANGTANG, SHITING

pytestmark = pytest.mark.django_db


def test_grid_matches_a_plain_count_of_random_filings(kind, people) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    days = [DAY + timedelta(days=n) for n in range(4)]
    villages = list(Place.objects.filter(level=5, code__startswith="430281").order_by("code")[:40])
    truth: dict[tuple[str, date], list[str]] = {}
    for day in days:
        for place in villages:
            roll = rng.random()
            if roll < 0.2:
                continue
            late = roll > 0.85
            file(kind, people.liling, place.code, day, hhmm="11:00" if late else "08:00")
            truth.setdefault((place.code[:9], day), []).append("late" if late else "on_time")
    grid = completeness_grid(
        kind=kind, place=village(LILING), start=days[0], end=days[-1], now=at(days[-1], "23:00")
    )
    all_villages = Place.objects.filter(level=5, code__startswith="430281")
    assert len(grid.rows) == 24
    for row in grid.rows:
        expected = all_villages.filter(code__startswith=row.place.code[:9]).count()
        for cell in row.cells:
            filings = truth.get((row.place.code[:9], cell.day), [])
            assert cell.tally.expected == expected
            assert cell.tally.on_time == filings.count("on_time")
            assert cell.tally.late == filings.count("late")
            assert cell.tally.missing == expected - len(filings)
    assert grid.total.reported == sum(len(v) for v in truth.values())
    assert grid.total.expected == 270 * len(days)


def test_the_grid_costs_the_same_few_queries_for_a_day_or_a_month(kind, people) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    county = village(LILING)
    counts = []
    for days in (1, 31):
        with CaptureQueriesContext(connection) as queries:
            completeness_grid(
                kind=kind, place=county, start=DAY, end=DAY + timedelta(days=days - 1)
            )
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4


def test_cell_states_and_the_county_approval_mark(kind, people) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)  # all on time
    file(kind, people.guxian, "430281108200", hhmm="10:30")  # one late in 石亭镇
    town = village(LAILONGMEN)
    town_day_approve(actor=people.lailongmen, kind=kind, town=town, day=DAY, now=at(DAY, "12:00"))
    county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "13:00"))
    next_day = DAY + timedelta(days=1)
    grid = completeness_grid(
        kind=kind,
        place=village(LILING),
        start=DAY,
        end=DAY + timedelta(days=2),
        now=at(next_day, "09:00"),
    )
    rows = {row.place.code: row for row in grid.rows}
    lailongmen, shiting = rows[LAILONGMEN].cells, rows[SHITING].cells
    assert [c.state for c in lailongmen] == ["complete", "pending", "future"]
    assert lailongmen[0].county_approved
    assert not lailongmen[1].county_approved
    assert [c.state for c in shiting] == ["partial", "pending", "future"]
    assert rows["430281001000"].cells[0].state == "missing"
    later = completeness_grid(
        kind=kind, place=village(LILING), start=next_day, end=next_day, now=at(next_day, "10:01")
    )
    assert later.rows[0].cells[0].state == "missing"
    # The town's grid has its villages as rows.
    town_grid = completeness_grid(kind=kind, place=town, start=DAY, end=DAY, now=at(DAY, "23:00"))
    assert town_grid.rows_are_villages
    assert next(r.place.code for r in town_grid.rows) == MAFANGTANG
    assert all(
        r.cells[0].state == "complete" and r.cells[0].county_approved for r in town_grid.rows
    )
    assert town_grid.day_totals[0].county_approved


def test_a_town_all_reported_with_one_late_is_late(kind, people) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    file(kind, people.lailongmen, MAFANGTANG, DAY + timedelta(days=1), hhmm="10:30")
    for place in Place.objects.filter(level=5, code__startswith="430281002").exclude(
        code=MAFANGTANG
    ):
        file(kind, people.lailongmen, place.code, DAY + timedelta(days=1))
    grid = completeness_grid(
        kind=kind,
        place=village(LAILONGMEN),
        start=DAY + timedelta(days=1),
        end=DAY + timedelta(days=1),
        now=at(DAY + timedelta(days=2), "09:00"),
    )
    assert grid.day_totals[0].state == "late"
    assert grid.rows[0].cells[0].state == "late"


def test_completeness_by_town_and_the_missing_list(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    file(kind, people.sifang, "430281002002", hhmm="12:00")
    towns = {t.town.code: t for t in completeness_by_town(kind=kind, prefix="430281", day=DAY)}
    assert len(towns) == 24
    lailongmen = towns[LAILONGMEN].tally
    assert (lailongmen.expected, lailongmen.on_time, lailongmen.late, lailongmen.missing) == (
        12,
        1,
        1,
        10,
    )
    assert sum((t.tally for t in towns.values()), start=Tally()).expected == 270
    # A village's own scope: its town, one village expected.
    own = completeness_by_town(kind=kind, prefix=MAFANGTANG, day=DAY)
    assert [(t.town.code, t.tally.expected, t.tally.on_time) for t in own] == [(LAILONGMEN, 1, 1)]
    missing = villages_missing(kind=kind, prefix="430281002", day=DAY)
    assert len(missing) == 10
    assert MAFANGTANG not in {v.code for v in missing}
    assert missing[0].parent.name == "来龙门街道"


def test_months_with_reports(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG, date(2020, 1, 25))
    file(kind, people.mafangtang, MAFANGTANG, date(2020, 3, 1))
    assert months_with_reports(kind=kind, prefix="430281") == [date(2020, 3, 1), date(2020, 1, 1)]
    assert months_with_reports(kind=kind, prefix="430281108") == []
