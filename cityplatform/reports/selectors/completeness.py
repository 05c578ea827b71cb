"""Completeness and timeliness: how many villages were expected to report, reported on
time, late, or not at all, per unit and day.

Everything is counted by the database in two grouped queries (villages per unit;
reports per unit and day), whatever the size of the grid: a month of 醴陵's 24 towns is
the same two queries as one day of one village. A unit is the place's child level:
towns on a county's grid, villages on a town's; a village's code starts with its
town's prefix, so grouping by a code prefix needs no join.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone

from cityplatform.places.models import PREFIX_LENGTH, Place
from cityplatform.reports.kinds import ReportKind, due_at
from cityplatform.reports.models import DailyReport, TownDay

TOWN_PREFIX_LENGTH = PREFIX_LENGTH[Place.Level.TOWN]


@dataclass(frozen=True)
class Tally:
    expected: int = 0
    on_time: int = 0
    late: int = 0
    approved: int = 0  # by the town
    flagged: int = 0

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return max(self.expected - self.reported, 0)

    @property
    def percent(self) -> int:
        """Share of the expected villages that reported, in whole percent."""
        return round(100 * self.reported / self.expected) if self.expected else 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.expected + other.expected,
            self.on_time + other.on_time,
            self.late + other.late,
            self.approved + other.approved,
            self.flagged + other.flagged,
        )


@dataclass(frozen=True)
class Cell:
    day: date
    tally: Tally
    state: str  # complete, late, partial, missing, pending, future: the cell's colour
    county_approved: bool = False


@dataclass
class Row:
    place: Place
    cells: list[Cell]
    total: Tally


@dataclass
class Grid:
    kind: ReportKind
    place: Place
    days: list[date]
    rows: list[Row]
    day_totals: list[Cell] = field(default_factory=list)
    total: Tally = field(default_factory=Tally)

    @property
    def rows_are_villages(self) -> bool:
        return self.place.level == Place.Level.TOWN


def cell_state(tally: Tally, day: date, *, today: date, open_today: bool) -> str:
    """The cell's colour; `open_today`: today's deadline has not passed yet."""
    if day > today:
        return "future"
    if tally.expected and tally.reported >= tally.expected:
        return "late" if tally.late else "complete"
    if day == today and open_today:
        return "pending"
    return "partial" if tally.reported else "missing"


def row_prefix_length(place: Place) -> int:
    """Code digits naming the units a place's grid has as rows (its child level)."""
    if place.level >= Place.Level.VILLAGE:
        raise ValueError("A village has no units below it.")
    return PREFIX_LENGTH[place.level + 1]


def expected_per_unit(prefix: str, row_length: int) -> dict[str, int]:
    """Villages (the reporting units) inside `prefix`, counted per unit code prefix."""
    rows = (
        Place.objects.filter(level=Place.Level.VILLAGE, code__startswith=prefix)
        .annotate(unit=Substr("code", 1, row_length))
        .values("unit")
        .annotate(n=Count("code"))
        .values_list("unit", "n")
    )
    return dict(rows)


def reports_per_unit_and_day(
    kind: ReportKind, prefix: str, row_length: int, start: date, end: date
) -> dict[tuple[str, date], Tally]:
    """Reported, late, approved and flagged counts per unit and day, in one query."""
    rows = (
        DailyReport.objects.filter(
            kind=kind.code, day__gte=start, day__lte=end, village__code__startswith=prefix
        )
        .annotate(unit=Substr("village_id", 1, row_length))
        .values("unit", "day")
        .annotate(
            filed=Count("pk"),
            late=Count("pk", filter=Q(first_filed_at__gt=F("due_at"))),
            approved=Count("pk", filter=Q(approved_at__isnull=False)),
            flagged=Count("pk", filter=Q(flagged=True)),
        )
        .values_list("unit", "day", "filed", "late", "approved", "flagged")
    )
    return {
        (unit, day): Tally(0, filed - late, late, approved, flagged)
        for unit, day, filed, late, approved, flagged in rows
    }


def _with_expected(found: Tally | None, expected: int) -> Tally:
    if found is None:
        return Tally(expected)
    return Tally(expected, found.on_time, found.late, found.approved, found.flagged)


def county_approved_town_days(
    kind: ReportKind, prefix: str, start: date, end: date
) -> set[tuple[str, date]]:
    """(town code, day) pairs the county has approved."""
    return set(
        TownDay.objects.filter(
            kind=kind.code,
            day__gte=start,
            day__lte=end,
            town__code__startswith=prefix[:TOWN_PREFIX_LENGTH],
            county_approved_at__isnull=False,
        ).values_list("town_id", "day")
    )


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def month_end(first: date) -> date:
    """The last day of the month that `first` is in."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _unit_code(unit_prefix: str) -> str:
    return unit_prefix.ljust(12, "0")


def completeness_grid(
    *, kind: ReportKind, place: Place, start: date, end: date, now: datetime | None = None
) -> Grid:
    """The place's units (rows) by day (columns) from `start` to `end`."""
    now = now or timezone.now()
    row_length = row_prefix_length(place)
    days = days_between(start, end)
    expected = expected_per_unit(place.prefix, row_length)
    reported = reports_per_unit_and_day(kind, place.prefix, row_length, start, end)
    approved_days = county_approved_town_days(kind, place.prefix, start, end)
    units = {p.code: p for p in Place.objects.filter(code__in=[_unit_code(u) for u in expected])}
    # Local date and deadline once: time zone lookups per cell would cost more than SQL.
    today = timezone.localdate(now)
    open_today = now <= due_at(kind, today)

    rows: list[Row] = []
    for unit in sorted(expected):
        unit_place = units.get(_unit_code(unit))
        if unit_place is None:  # villages under a missing parent: not a real unit
            continue
        town_code = unit[:TOWN_PREFIX_LENGTH].ljust(12, "0")
        cells = []
        for day in days:
            tally = _with_expected(reported.get((unit, day)), expected[unit])
            cells.append(
                Cell(
                    day,
                    tally,
                    cell_state(tally, day, today=today, open_today=open_today),
                    county_approved=(town_code, day) in approved_days
                    and row_length >= TOWN_PREFIX_LENGTH,
                )
            )
        rows.append(Row(unit_place, cells, _sum(c.tally for c in cells)))

    day_totals = []
    for index, day in enumerate(days):
        tally = _sum(row.cells[index].tally for row in rows)
        day_totals.append(
            Cell(
                day,
                tally,
                cell_state(tally, day, today=today, open_today=open_today),
                county_approved=place.level == Place.Level.TOWN
                and (place.code, day) in approved_days,
            )
        )
    return Grid(kind, place, days, rows, day_totals, _sum(row.total for row in rows))


def _sum(tallies: Iterable[Tally]) -> Tally:
    expected = on_time = late = approved = flagged = 0
    for t in tallies:
        expected += t.expected
        on_time += t.on_time
        late += t.late
        approved += t.approved
        flagged += t.flagged
    return Tally(expected, on_time, late, approved, flagged)


@dataclass(frozen=True)
class TownCompleteness:
    town: Place
    tally: Tally
    county_approved: bool


def completeness_by_town(*, kind: ReportKind, prefix: str, day: date) -> list[TownCompleteness]:
    """One day's completeness per town inside `prefix` (a county, a town or a village)."""
    expected = expected_per_unit(prefix, TOWN_PREFIX_LENGTH)
    reported = reports_per_unit_and_day(kind, prefix, TOWN_PREFIX_LENGTH, day, day)
    approved = county_approved_town_days(kind, prefix, day, day)
    towns = {p.code: p for p in Place.objects.filter(code__in=[_unit_code(u) for u in expected])}
    result = []
    for unit in sorted(expected):
        town = towns.get(_unit_code(unit))
        if town is not None:
            tally = _with_expected(reported.get((unit, day)), expected[unit])
            result.append(TownCompleteness(town, tally, (town.code, day) in approved))
    return result


def villages_missing(*, kind: ReportKind, prefix: str, day: date) -> list[Place]:
    """Villages inside `prefix` without a report for the day, with their town loaded."""
    reported = DailyReport.objects.filter(kind=kind.code, day=day).values("village_id")
    return list(
        Place.objects.filter(level=Place.Level.VILLAGE, code__startswith=prefix)
        .exclude(code__in=reported)
        .select_related("parent")
        .order_by("code")
    )


def months_with_reports(*, kind: ReportKind, prefix: str) -> list[date]:
    """First days of the months with filings in the towns of `prefix`, newest first
    (read from the town days, a row per town and day, not from every report)."""
    return list(
        TownDay.objects.filter(
            kind=kind.code, town__code__startswith=prefix[:TOWN_PREFIX_LENGTH]
        ).dates("day", "month", order="DESC")
    )
