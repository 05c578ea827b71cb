"""What a village, town or county dashboard shows: open alarms, overdue follow-ups,
unanswered and escalated hotline calls, and the counts per place below it.

Every alarm is computed at query time from the children and their arrangements, so an
alarm opens the moment an arrangement ends and closes the moment one starts; it is on
the dashboard of the child's village and of every place above it.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cityplatform.children.models import (
    CATEGORY_FIELDS,
    LACKING,
    Category,
    Child,
    HotlineCall,
    Visit,
)
from cityplatform.places.models import PREFIX_LENGTH, Place

from .registry import alarm_q, with_alarm
from .scope import code_range


def open_alarms(prefix: str, *, day: datetime.date | None = None) -> QuerySet[Child]:
    """Children under `prefix` lacking guardianship with no arrangement in force (closed
    records never raise an alarm)."""
    qs = Child.objects.filter(
        code_range("village_id", prefix), guardianship__in=LACKING, closed_on__isnull=True
    )
    return (
        with_alarm(qs, day)
        .filter(alarm_q())
        .defer("id_number")
        .select_related("village", "village__parent")
        .order_by("registered_on", "pk")
    )


def overdue_follow_ups(prefix: str, *, day: datetime.date | None = None) -> QuerySet[Visit]:
    """Visits whose follow-up date has passed with the follow-up not done, oldest first
    (of children still in the registry)."""
    day = day or timezone.localdate()
    return (
        Visit.objects.filter(
            code_range("child__village_id", prefix),
            child__closed_on__isnull=True,
            follow_up_done_on__isnull=True,
            follow_up_by__lt=day,
        )
        .select_related("child", "child__village")
        .defer("child__id_number")
        .order_by("follow_up_by", "pk")
    )


def open_hotline_calls(prefix: str) -> QuerySet[HotlineCall]:
    """Calls under `prefix` nobody has responded to yet, most urgent escalation first."""
    return (
        HotlineCall.objects.filter(code_range("place_id", prefix), first_response_at__isnull=True)
        .select_related("place")
        .order_by("-escalation", "due_at", "pk")
    )


@dataclass
class PlaceRow:
    place: Place
    children: int = 0
    lacking: int = 0
    alarms: int = 0
    overdue_follow_ups: int = 0
    open_calls: int = 0
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass
class Dashboard:
    place: Place
    total: int
    by_category: dict[str, int]
    lacking: int
    alarms: list[Child]
    overdue: list[Visit]
    calls: list[HotlineCall]
    rows: list[PlaceRow]
    median_response_minutes: float | None


def _child_level(place: Place) -> int | None:
    return place.level + 1 if place.level < Place.Level.VILLAGE else None


def dashboard_for(place: Place, *, day: datetime.date | None = None) -> Dashboard:
    """The dashboard of `place`: its own figures and one row per place directly below.
    Counts are of the children in the registry: closed records are left out."""
    day = day or timezone.localdate()
    prefix = place.prefix
    children = Child.objects.filter(code_range("village_id", prefix), closed_on__isnull=True)
    counts = children.aggregate(
        total=Count("pk"),
        lacking=Count("pk", filter=Q(guardianship__in=LACKING)),
        **{
            code: Count("pk", filter=Q(**{column: True}))
            for code, column in CATEGORY_FIELDS.items()
        },
    )
    alarms = list(open_alarms(prefix, day=day))
    overdue = list(overdue_follow_ups(prefix, day=day))
    calls = list(open_hotline_calls(prefix))

    rows: list[PlaceRow] = []
    level = _child_level(place)
    if level is not None:
        below = {
            p.code: PlaceRow(place=p) for p in Place.objects.filter(parent=place).order_by("code")
        }
        length = PREFIX_LENGTH[level]

        def row_for(code: str) -> PlaceRow | None:
            return below.get(code[:length].ljust(12, "0"))

        per_village = children.values("village_id").annotate(
            n=Count("pk"),
            lacking=Count("pk", filter=Q(guardianship__in=LACKING)),
            **{
                code: Count("pk", filter=Q(**{column: True}))
                for code, column in CATEGORY_FIELDS.items()
            },
        )
        entry: dict[str, Any]
        for entry in per_village:  # type: ignore[assignment]
            row = row_for(entry["village_id"])
            if row is None:
                continue
            row.children += entry["n"]
            row.lacking += entry["lacking"]
            for code in Category.values:
                row.by_category[code] = row.by_category.get(code, 0) + entry[code]
        for child in alarms:
            if (row := row_for(child.village_id)) is not None:
                row.alarms += 1
        for visit in overdue:
            if (row := row_for(visit.child.village_id)) is not None:
                row.overdue_follow_ups += 1
        for call in calls:
            if (row := row_for(call.place_id)) is not None:
                row.open_calls += 1
        rows = list(below.values())

    return Dashboard(
        place=place,
        total=counts["total"],
        by_category={code: counts[code] for code in Category.values},
        lacking=counts["lacking"],
        alarms=alarms,
        overdue=overdue,
        calls=calls,
        rows=rows,
        median_response_minutes=median_response_minutes(prefix),
    )


def median_response_minutes(prefix: str, *, days: int | None = None) -> float | None:
    """Median time to first response over the answered calls (of the last `days` days)."""
    since = timezone.now() - datetime.timedelta(days=days) if days else None
    spans = sorted(
        (answered - received).total_seconds() / 60
        for received, answered in HotlineCall.objects.filter(
            code_range("place_id", prefix),
            Q(received_at__gte=since) if since else Q(),
            first_response_at__isnull=False,
        ).values_list("received_at", "first_response_at")
        if answered is not None
    )
    if not spans:
        return None
    middle = len(spans) // 2
    return spans[middle] if len(spans) % 2 else (spans[middle - 1] + spans[middle]) / 2


def escalated_calls(prefix: str) -> QuerySet[HotlineCall]:
    return open_hotline_calls(prefix).filter(escalation__gt=0)


def overdue_calls(prefix: str, *, now: datetime.datetime | None = None) -> QuerySet[HotlineCall]:
    return open_hotline_calls(prefix).filter(due_at__lt=now or timezone.now())


__all__ = [
    "Dashboard",
    "PlaceRow",
    "dashboard_for",
    "escalated_calls",
    "median_response_minutes",
    "open_alarms",
    "open_hotline_calls",
    "overdue_calls",
    "overdue_follow_ups",
]
