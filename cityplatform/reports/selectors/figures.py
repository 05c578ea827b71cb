"""A day's figures: what the villages reported, summed per unit, in the shape a bureau
forwards upwards (per town for a county, per village for a town); and, for a kind whose
domain keeps a registry (`ReportKind.registry_counts`), the registry's counts beside
them, with the figures where the two differ marked."""

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
    # The registry's counts of the same figures (None when the kind has no registry).
    registry: dict[str, int] | None = None

    @property
    def differs(self) -> list[str]:
        """The fields whose reported sum is not what the registry counted."""
        if self.registry is None:
            return []
        return [name for name, value in self.registry.items() if self.sums.get(name) != value]


@dataclass
class DayFigures:
    kind: ReportKind
    place: Place
    day: date
    rows: list[FigureRow]
    total: FigureRow

    @property
    def has_registry(self) -> bool:
        return self.total.registry is not None


def _add(into: dict[str, int] | None, values: dict[str, int]) -> None:
    if into is not None:
        for name in into:
            into[name] += int(values.get(name, 0))


def day_figures(*, kind: ReportKind, place: Place, day: date) -> DayFigures:
    """Per unit of the place: villages expected, reported (on time, late), zero reports,
    each figure summed, cross-check flags, the villages that did not report, and the
    registry's counts when the kind has them. A fixed number of queries for any place."""
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
    registry = kind.registry_counts(place.prefix, day) if kind.registry_counts is not None else None

    def empty_registry() -> dict[str, int] | None:
        return None if registry is None else dict.fromkeys(kind.field_names, 0)

    rows: dict[str, FigureRow] = {
        code: FigureRow(
            units[code],
            Tally(),
            sums=dict.fromkeys(kind.field_names, 0),
            registry=empty_registry(),
        )
        for code in unit_codes
        if code in units
    }
    for village in villages:
        row = rows.get(village.code[:row_length].ljust(12, "0"))
        if row is None:
            continue
        if registry is not None:
            _add(row.registry, registry.get(village.code, {}))
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
    total = FigureRow(
        place, Tally(), sums=dict.fromkeys(kind.field_names, 0), registry=empty_registry()
    )
    for row in rows.values():
        total.tally = total.tally + row.tally
        total.zero += row.zero
        _add(total.sums, row.sums)
        if row.registry is not None:
            _add(total.registry, row.registry)
    total.county_approved = place.level == Place.Level.TOWN and (place.code, day) in approved_days
    return DayFigures(kind, place, day, list(rows.values()), total)
