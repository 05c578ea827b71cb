"""Reads of reports, their history and reminders, bounded by the user's jurisdiction:
a report or place outside it answers 404, exactly like one that does not exist."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from cityplatform.accounts.jurisdiction import jurisdiction_prefix, place_visible_to, visible_to
from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportKind
from cityplatform.reports.models import ApprovalEvent, DailyReport, Reminder, ReportVersion
from cityplatform.reports.services.common import town_code_of


def place_get_visible(user: Any, code: str) -> Place:
    """The place with this code if it lies inside the user's jurisdiction, else 404."""
    if not place_visible_to(user, code):
        raise Http404
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise Http404
    return place


def scope_prefix(user: Any, place: Place | None = None) -> str:
    """The code prefix a user's question covers: the place asked about (inside their
    jurisdiction, else 404) or, without one, their whole jurisdiction."""
    prefix = jurisdiction_prefix(user)
    if prefix is None:
        raise Http404
    if place is None:
        return prefix
    if not place.code.startswith(prefix):
        raise Http404
    return place.prefix


def home_place(user: Any) -> Place | None:
    """Where a user's daily reporting starts: their jurisdiction (a superuser without
    one starts at the first county that has villages)."""
    if user.jurisdiction_id is not None:
        return Place.objects.filter(code=user.jurisdiction_id).first()
    if user.is_superuser:
        village = Place.objects.filter(level=Place.Level.VILLAGE).order_by("code").first()
        if village is not None:
            return Place.objects.filter(code=village.code[:6].ljust(12, "0")).first()
    return None


def reports_visible(user: Any, *, kind: ReportKind | None = None) -> QuerySet[DailyReport]:
    qs = visible_to(DailyReport.objects.all(), user)
    if kind is not None:
        qs = qs.filter(kind=kind.code)
    return qs


def report_list(
    user: Any,
    *,
    kind: ReportKind | None = None,
    day: date | None = None,
    place: Place | None = None,
) -> QuerySet[DailyReport]:
    qs = reports_visible(user, kind=kind).select_related("village", "filed_by")
    if day is not None:
        qs = qs.filter(day=day)
    if place is not None:
        qs = qs.filter(village__code__startswith=place.prefix)
    return qs.order_by("-day", "village_id")


def report_get_visible(user: Any, pk: int) -> DailyReport:
    report = (
        reports_visible(user)
        .select_related("village", "village__parent", "filed_by", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def report_find(kind: ReportKind, village: Place, day: date) -> DailyReport | None:
    return (
        DailyReport.objects.filter(kind=kind.code, village=village, day=day)
        .select_related("filed_by", "approved_by")
        .first()
    )


def report_versions(report: DailyReport) -> QuerySet[ReportVersion]:
    return report.versions.select_related("filed_by").order_by("-version")


def report_approval_events(report: DailyReport) -> QuerySet[ApprovalEvent]:
    """Approvals and reopenings of the report, and of its town's day by the county."""
    town_events = Q(
        report__isnull=True,
        kind=report.kind,
        town_id=town_code_of(report.village_id),
        day=report.day,
    )
    return (
        ApprovalEvent.objects.filter(Q(report=report) | town_events)
        .select_related("actor")
        .order_by("at", "id")
    )


@dataclass(frozen=True)
class VillageDay:
    day: date
    report: DailyReport | None


def village_recent_days(
    kind: ReportKind, village: Place, *, today: date, days: int = 14
) -> list[VillageDay]:
    """The village's last `days` days, newest first, each with its report if any."""
    start = today - timedelta(days=days - 1)
    reports = {
        r.day: r
        for r in DailyReport.objects.filter(
            kind=kind.code, village=village, day__gte=start, day__lte=today
        )
    }
    return [
        VillageDay(today - timedelta(days=n), reports.get(today - timedelta(days=n)))
        for n in range(days)
    ]


def village_reminders(kind: ReportKind, village: Place, *, limit: int = 10) -> list[Reminder]:
    """The village's latest reminders, newest first."""
    return list(
        Reminder.objects.filter(kind=kind.code, village=village).order_by("-created_at", "-id")[
            :limit
        ]
    )
