"""A day's figures: what the villages reported, summed per unit, in the shape a bureau
forwards upwards (per town for a county, per village for a town)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, F, Q

from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportKind
from cityplatform.reports.models import DailyReport
from cityplatform.reports.selectors.completeness import (
    Tally,
    county_approved_town_days,
    row_prefix_length,
)


@dataclass
class FigureRow:
    place: Place
    tally: Tally
    zero: int = 0
    sums: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    missing: list[Place] = field(default_factory=list)
    county_approved: bool = False


@dataclass
class DayFigures:
    kind: ReportKind
    place: Place
    day: date
    rows: list[FigureRow]
    total: FigureRow


def day_figures(*, kind: ReportKind, place: Place, day: date) -> DayFigures:
    """Per unit of the place: villages expected, reported (on time, late), zero reports,
    each figure summed, cross-check flags and the villages that did not report."""
    row_length = row_prefix_length(place)
    villages = list(
        Place.objects.filter(level=Place.Level.VILLAGE, code__startswith=place.prefix).order_by(
            "code"
        )
    )
    reports = {
        r["village_id"]: r
        for r in DailyReport.objects.filter(
            kind=kind.code, day=day, village__code__startswith=place.prefix
        )
        .annotate(
            late=ExpressionWrapper(Q(first_filed_at__gt=F("due_at")), output_field=BooleanField())
        )
        .values("village_id", "values", "is_zero", "flags", "late", "approved_at")
    }
    approved_days = county_approved_town_days(kind, place.prefix, day, day)
    unit_codes = sorted({v.code[:row_length].ljust(12, "0") for v in villages})
    units = {p.code: p for p in Place.objects.filter(code__in=unit_codes)}
    rows: dict[str, FigureRow] = {
        code: FigureRow(units[code], Tally(), sums=dict.fromkeys(kind.field_names, 0))
        for code in unit_codes
        if code in units
    }
    for village in villages:
        row = rows.get(village.code[:row_length].ljust(12, "0"))
        if row is None:
            continue
        report = reports.get(village.code)
        if report is None:
            row.tally = row.tally + Tally(expected=1)
            row.missing.append(village)
            continue
        late = bool(report["late"])
        row.tally = row.tally + Tally(
            expected=1,
            on_time=0 if late else 1,
            late=1 if late else 0,
            approved=1 if report["approved_at"] else 0,
            flagged=1 if report["flags"] else 0,
        )
        row.zero += 1 if report["is_zero"] else 0
        for name in kind.field_names:
            row.sums[name] += int(report["values"].get(name, 0))
        row.flags.extend(report["flags"])
    for code, row in rows.items():
        town_code = code[:9].ljust(12, "0")
        row.county_approved = row_length >= 9 and (town_code, day) in approved_days
    total = FigureRow(place, Tally(), sums=dict.fromkeys(kind.field_names, 0))
    for row in rows.values():
        total.tally = total.tally + row.tally
        total.zero += row.zero
        for name in kind.field_names:
            total.sums[name] += row.sums[name]
    total.county_approved = place.level == Place.Level.TOWN and (place.code, day) in approved_days
    return DayFigures(kind, place, day, list(rows.values()), total)
