"""The figures of 三社联动: organisations, volunteers, activities, person-times and hours,
in total and by organisation, activity type, town and week.

Everything is computed from the records by aggregate queries at read time; nothing is
stored as a total, so one more service record changes the figures at once. A service
record carries copies of its activity's date and place, so a selection (a date range,
a town, or both) is one range of the records' own indexes: person-times and hours are
read from an index alone, and the distinct volunteers by one index probe per volunteer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr, TruncWeek
from django.utils.translation import gettext as _

from cityplatform.places.models import Place
from cityplatform.volunteers.models import (
    Activity,
    ActivityKind,
    ActivityOutput,
    Organization,
    OutputKind,
    ServiceRecord,
    Volunteer,
)

Dimension = Literal["organization", "type", "town", "week"]
DIMENSIONS: tuple[Dimension, ...] = ("organization", "type", "town", "week")
ZERO_HOURS = Decimal("0.00")
# A town's code shares its first nine digits with every village inside it.
TOWN_PREFIX_LENGTH = 9


class WeekStart(TruncWeek):
    """The Monday of a date's week, as a date. PostgreSQL's date_trunc is native; on
    SQLite Django would call back into Python once per row, so use SQLite's own date
    arithmetic there (the next Sunday, six days back)."""

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, output_field=DateField())

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'weekday 0', '-6 days')", params


@dataclass(frozen=True)
class StatsFilter:
    date_from: date | None = None
    date_to: date | None = None
    town: Place | None = None

    @property
    def is_everything(self) -> bool:
        return self.date_from is None and self.date_to is None and self.town is None


def stats_filter(
    *, date_from: date | None = None, date_to: date | None = None, town: str | None = None
) -> StatsFilter:
    """A validated filter; ValidationError (one message per field) for a bad one."""
    errors: dict[str, list[str]] = {}
    if date_from and date_to and date_from > date_to:
        errors["to"] = [_("The end date comes before the start date.")]
    place = None
    code = (town or "").strip()
    if code:
        place = Place.objects.filter(code=code).first()
        if place is None or place.level != Place.Level.TOWN:
            errors["town"] = [_("Give the 12-digit code of a town or street (镇/街道).")]
    if errors:
        raise ValidationError(errors)
    return StatsFilter(date_from=date_from or None, date_to=date_to or None, town=place)


def activities_in(selection: StatsFilter) -> QuerySet[Activity]:
    qs = Activity.objects.all()
    if selection.date_from:
        qs = qs.filter(date__gte=selection.date_from)
    if selection.date_to:
        qs = qs.filter(date__lte=selection.date_to)
    if selection.town is not None:
        first, last = _town_code_range(selection.town)
        qs = qs.filter(place__gte=first, place__lte=last)
    return qs


def _town_code_range(town: Place) -> tuple[str, str]:
    """The first and last 12-digit code inside the town: a range any index can answer
    (a LIKE 'prefix%' is answered from an index on neither SQLite nor PostgreSQL here)."""
    return town.prefix.ljust(12, "0"), town.prefix.ljust(12, "9")


def records_in(selection: StatsFilter) -> QuerySet[ServiceRecord]:
    """The service records of the selected activities, selected on the records' own
    copies of their activity's date and place, so the databases read one index range
    (see the indexes of ServiceRecord) instead of joining the records to activities."""
    qs = ServiceRecord.objects.all()
    if selection.date_from:
        qs = qs.filter(activity_date__gte=selection.date_from)
    if selection.date_to:
        qs = qs.filter(activity_date__lte=selection.date_to)
    if selection.town is not None:
        first, last = _town_code_range(selection.town)
        qs = qs.filter(activity_place__gte=first, activity_place__lte=last)
    return qs


def _distinct_volunteers(selection: StatsFilter) -> int:
    """How many people served in the selection: per volunteer, whether a record of theirs
    is in it. That is one probe of the (volunteer, activity_date, activity_place) index
    per volunteer, which stops at the first record found, whatever the selection's size;
    counting distinct volunteer ids over the records instead must sort or hash them all
    (half a million for a month of the county)."""
    served = records_in(selection).filter(volunteer=OuterRef("pk"))
    return Volunteer.objects.filter(Exists(served)).count()


def _hours(value: Decimal | None) -> Decimal:
    return (value or ZERO_HOURS).quantize(Decimal("0.01"))


@dataclass
class Figures:
    organizations: int = 0
    volunteers: int = 0
    activities: int = 0
    person_times: int = 0
    hours: Decimal = ZERO_HOURS


def summary(selection: StatsFilter) -> Figures:
    """The five figures of a selection. A volunteer who served several activities, or
    in several organisations, counts once."""
    activities = activities_in(selection).aggregate(
        activities=Count("pk"), organizations=Count("organization", distinct=True)
    )
    # COUNT(*), not COUNT(id): SQLite counts from the smallest index without reading it.
    totals = records_in(selection).aggregate(person_times=Count("*"), hours=Sum("hours"))
    volunteers = _distinct_volunteers(selection)
    return Figures(
        organizations=activities["organizations"],
        volunteers=volunteers,
        activities=activities["activities"],
        person_times=totals["person_times"],
        hours=_hours(totals["hours"]),
    )


@dataclass
class Row:
    key: str
    label: str
    figures: Figures = field(default_factory=Figures)


def _activity_key(dimension: Dimension) -> Any:
    if dimension == "organization":
        return F("organization_id")
    if dimension == "type":
        return F("kind")
    if dimension == "town":
        return Substr("place_id", 1, TOWN_PREFIX_LENGTH)
    return WeekStart("date")


def _record_key(dimension: Dimension) -> Any:
    # Towns and weeks come from the records' own copies: no join to the activities.
    if dimension == "organization":
        return F("activity__organization_id")
    if dimension == "type":
        return F("activity__kind")
    if dimension == "town":
        return Substr("activity_place_id", 1, TOWN_PREFIX_LENGTH)
    return WeekStart("activity_date")


def _labeller(dimension: Dimension, keys: list[Any]) -> Callable[[Any], str]:
    if dimension == "organization":
        organizations = dict(Organization.objects.filter(pk__in=keys).values_list("pk", "name"))
        return lambda key: organizations.get(key, str(key))
    if dimension == "type":
        return lambda key: str(ActivityKind(key).label) if key in ActivityKind.values else key
    if dimension == "town":
        codes = [f"{key}000" for key in keys]
        names = dict(Place.objects.filter(code__in=codes).values_list("code", "name"))
        return lambda key: names.get(f"{key}000", key)
    return lambda key: _("Week of %(date)s") % {"date": key.strftime("%m-%d")}


def _key_text(dimension: Dimension, key: Any) -> str:
    if dimension == "town":
        return f"{key}000"
    if dimension == "week":
        return key.isoformat()
    return str(key)


def breakdown(selection: StatsFilter, dimension: Dimension) -> list[Row]:
    """The five figures for each organisation, activity type, town or week of the
    selection, in a fixed order (weeks by date, others by person-times, largest first)."""
    by_activity = (
        activities_in(selection)
        .values(key=_activity_key(dimension))
        .annotate(activities=Count("pk"), organizations=Count("organization", distinct=True))
        .order_by()
    )
    by_record = (
        records_in(selection)
        .values(key=_record_key(dimension))
        .annotate(
            person_times=Count("pk"),
            volunteers=Count("volunteer_id", distinct=True),
            hours=Coalesce(Sum("hours"), Value(ZERO_HOURS), output_field=DecimalField()),
        )
        .order_by()
    )
    rows: dict[Any, Figures] = {}
    for activity_group in by_activity:
        rows[activity_group["key"]] = Figures(
            organizations=activity_group["organizations"],
            activities=activity_group["activities"],
        )
    for record_group in by_record:
        figures = rows.setdefault(record_group["key"], Figures())
        figures.person_times = record_group["person_times"]
        figures.volunteers = record_group["volunteers"]
        figures.hours = _hours(record_group["hours"])
    label = _labeller(dimension, list(rows))
    result = [Row(key=_key_text(dimension, k), label=label(k), figures=f) for k, f in rows.items()]
    if dimension == "week":
        return sorted(result, key=lambda row: row.key)
    return sorted(result, key=lambda row: (-row.figures.person_times, row.key))


@dataclass
class OutputTotal:
    kind: str
    label: str
    unit: str
    quantity: int


@dataclass
class OrganizationOutputs:
    organization_id: int
    name: str
    outputs: list[OutputTotal]


def _output_total(kind: str, unit: str, quantity: int) -> OutputTotal:
    label = str(OutputKind(kind).label) if kind in OutputKind.values else kind
    return OutputTotal(kind=kind, label=label, unit=unit, quantity=quantity)


def output_totals(selection: StatsFilter) -> list[OutputTotal]:
    """Everything the selected activities produced, summed by kind of output."""
    groups = (
        ActivityOutput.objects.filter(activity__in=activities_in(selection).values("pk"))
        .values("kind", "unit")
        .annotate(quantity=Sum("quantity"))
        .order_by("kind", "unit")
    )
    return [_output_total(g["kind"], g["unit"], g["quantity"]) for g in groups]


def outputs_by_organization(selection: StatsFilter) -> list[OrganizationOutputs]:
    """Each organisation's outputs, the organisations with the most kinds first."""
    groups = (
        ActivityOutput.objects.filter(activity__in=activities_in(selection).values("pk"))
        .values("activity__organization_id", "activity__organization__name", "kind", "unit")
        .annotate(quantity=Sum("quantity"))
        .order_by("activity__organization__name", "kind")
    )
    result: dict[int, OrganizationOutputs] = {}
    for g in groups:
        entry = result.setdefault(
            g["activity__organization_id"],
            OrganizationOutputs(
                organization_id=g["activity__organization_id"],
                name=g["activity__organization__name"],
                outputs=[],
            ),
        )
        entry.outputs.append(_output_total(g["kind"], g["unit"], g["quantity"]))
    return sorted(result.values(), key=lambda entry: (-len(entry.outputs), entry.name))


def latest_activities(selection: StatsFilter, *, limit: int = 10) -> list[Activity]:
    """The newest activities, each with `person_times` and `hours` (one grouped query
    over these activities' records, not an annotation over all of them)."""
    activities = list(
        activities_in(selection)
        .select_related("organization", "place")
        .prefetch_related("outputs")
        .order_by("-date", "-pk")[:limit]
    )
    counts = {
        row["activity_id"]: row
        for row in ServiceRecord.objects.filter(activity__in=[a.pk for a in activities])
        .values("activity_id")
        .annotate(person_times=Count("pk"), hours=Sum("hours"))
        .order_by()
    }
    for activity in activities:
        row = counts.get(activity.pk)
        activity.person_times = row["person_times"] if row else 0  # type: ignore[attr-defined]
        activity.hours = _hours(row["hours"] if row else None)  # type: ignore[attr-defined]
    return activities
