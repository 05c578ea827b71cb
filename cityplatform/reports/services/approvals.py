"""Approvals: the town approves its villages' reports for a day; the county approves
the town's day once every village of the town has an approved report."""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportKind
from cityplatform.reports.models import ApprovalEvent, DailyReport, TownDay
from cityplatform.reports.permissions import may_approve_for_county, may_approve_for_town
from cityplatform.reports.services.common import (
    kind_get,
    refuse_future_day,
    town_code_of,
    town_day_lock,
)


def town_day_approve(
    *,
    actor: Any,
    kind: ReportKind,
    town: Place,
    day: date,
    village_codes: list[str] | None = None,
    now: datetime | None = None,
) -> int:
    """Approve the town's filed, not yet approved reports of the day (or only those of
    `village_codes`); returns how many. Villages that have not reported stay open."""
    if not may_approve_for_town(actor, town):
        raise DomainError(
            "not_your_town",
            _("Only the town's reviewers approve its villages' reports."),
            status=403,
        )
    now = now or timezone.now()
    refuse_future_day(day, timezone.localdate(now))
    with transaction.atomic():
        town_day = town_day_lock(kind, town.code, day)
        qs = DailyReport.objects.select_for_update().filter(
            kind=kind.code, day=day, village__code__startswith=town.prefix, approved_at__isnull=True
        )
        if village_codes is not None:
            qs = qs.filter(village_id__in=village_codes)
        reports = list(qs.order_by("village_id"))
        if not reports:
            raise DomainError(
                "nothing_to_approve",
                _("There is no report of %(day)s waiting for approval.") % {"day": day.isoformat()},
                status=409,
            )
        DailyReport.objects.filter(pk__in=[r.pk for r in reports]).update(
            approved_at=now, approved_by=actor
        )
        ApprovalEvent.objects.bulk_create(
            ApprovalEvent(
                kind=kind.code,
                town=town,
                day=day,
                report=report,
                action=ApprovalEvent.Action.TOWN_APPROVED,
                actor=actor,
                at=now,
            )
            for report in reports
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=town_day,
            detail={
                "operation": "town_approve",
                "kind": kind.code,
                "day": day.isoformat(),
                "reports": [r.pk for r in reports],
            },
        )
    return len(reports)


def report_approve(*, actor: Any, report: DailyReport, now: datetime | None = None) -> int:
    """The town approves one village's report."""
    if report.is_approved:
        raise DomainError("already_approved", _("This report is already approved."), status=409)
    town = Place.objects.get(code=town_code_of(report.village_id))
    return town_day_approve(
        actor=actor,
        kind=kind_get(report.kind),
        town=town,
        day=report.day,
        village_codes=[report.village_id],
        now=now,
    )


def county_day_approve(
    *, actor: Any, kind: ReportKind, town: Place, day: date, now: datetime | None = None
) -> TownDay:
    """The county approves the town's day: only when every village has an approved report.
    The day is then locked: a later correction needs a reason and reopens it."""
    if not may_approve_for_county(actor, town):
        raise DomainError(
            "not_your_county",
            _("Only the county's bureau officers approve a town's day."),
            status=403,
        )
    now = now or timezone.now()
    refuse_future_day(day, timezone.localdate(now))
    with transaction.atomic():
        town_day = town_day_lock(kind, town.code, day)
        if town_day.is_approved:
            raise DomainError(
                "already_approved",
                _("%(town)s's %(day)s is already approved.")
                % {"town": town.name, "day": day.isoformat()},
                status=409,
            )
        expected = Place.objects.filter(
            level=Place.Level.VILLAGE, code__startswith=town.prefix
        ).count()
        approved = DailyReport.objects.filter(
            kind=kind.code,
            day=day,
            village__code__startswith=town.prefix,
            approved_at__isnull=False,
        ).count()
        if expected == 0 or approved < expected:
            waiting = expected - approved
            raise DomainError(
                "villages_not_approved",
                ngettext(
                    "%(count)d village of %(town)s has no approved report for %(day)s yet.",
                    "%(count)d villages of %(town)s have no approved report for %(day)s yet.",
                    waiting,
                )
                % {"count": waiting, "town": town.name, "day": day.isoformat()},
                status=409,
                expected=expected,
                approved=approved,
            )
        town_day.county_approved_at, town_day.county_approved_by = now, actor
        town_day.save(update_fields=["county_approved_at", "county_approved_by"])
        ApprovalEvent.objects.create(
            kind=kind.code,
            town=town,
            day=day,
            action=ApprovalEvent.Action.COUNTY_APPROVED,
            actor=actor,
            at=now,
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=town_day,
            detail={"operation": "county_approve", "kind": kind.code, "day": day.isoformat()},
        )
    return town_day
