"""Filing a daily report: the first filing, a correction, and the one-tap zero.

A filing for a day already reported is a correction: a new version beside the old
ones, never an overwrite. Correcting a report the town (or the county) has approved
needs a reason, and reopens the approval, recorded with that reason.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportKind, due_at
from cityplatform.reports.models import (
    MAX_COUNT,
    ApprovalEvent,
    Channel,
    DailyReport,
    ReportVersion,
    TownDay,
)
from cityplatform.reports.permissions import files_on_behalf, may_file_for
from cityplatform.reports.services.common import refuse_future_day, town_code_of, town_day_lock

REASON_MAX_LENGTH = 500
FLAG_MAX_LENGTH = 200


@dataclass(frozen=True)
class FilingResult:
    report: DailyReport
    created: bool  # the day's first report
    changed: bool  # False when the same figures were filed again (nothing written)
    reopened: bool  # the correction reopened an approval


def clean_values(kind: ReportKind, values: Mapping[str, Any]) -> dict[str, int]:
    """The kind's figures as whole numbers from 0 to MAX_COUNT, or a ValidationError
    naming each bad field."""
    errors: dict[str, list[str]] = {}
    for name in values:
        if name not in kind.field_names:
            errors[str(name)] = [_("This report has no figure called “%(name)s”.") % {"name": name}]
    cleaned: dict[str, int] = {}
    for spec in kind.fields:
        raw = values.get(spec.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            errors[spec.name] = [_("Enter a number (0 if there is none).")]
            continue
        try:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            number = int(raw.strip() if isinstance(raw, str) else raw)
        except (TypeError, ValueError):
            errors[spec.name] = [_("Enter a whole number.")]
            continue
        if not 0 <= number <= MAX_COUNT:
            errors[spec.name] = [
                _("Enter a number from 0 to %(max)d.") % {"max": MAX_COUNT},
            ]
            continue
        cleaned[spec.name] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_reason(reason: str | None) -> str:
    text = clean_text(reason)
    if len(text) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": [_("Enter at most %(max)d characters.") % {"max": REASON_MAX_LENGTH}]}
        )
    return text


def cross_check_flags(
    kind: ReportKind, village: Place, day: date, values: dict[str, int]
) -> list[str]:
    if kind.cross_check is None:
        return []
    return [str(m)[:FLAG_MAX_LENGTH] for m in kind.cross_check(village, day, dict(values)) if m]


def _require_filer(actor: Any, village: Place) -> None:
    if village.level != Place.Level.VILLAGE:
        raise DomainError(
            "not_a_village", _("Daily reports are filed by villages and communities."), status=422
        )
    if not may_file_for(actor, village):
        raise DomainError(
            "not_your_village",
            _(
                "You may file daily reports only for your own village, or on behalf of villages "
                "in your town or county."
            ),
            status=403,
        )


def report_file(
    *,
    actor: Any,
    kind: ReportKind,
    village: Place,
    day: date,
    values: Mapping[str, Any],
    channel: str = Channel.FORM,
    reason: str = "",
    now: datetime | None = None,
) -> FilingResult:
    """File the village's figures for the day, or correct the day's report."""
    _require_filer(actor, village)
    now = now or timezone.now()
    refuse_future_day(day, timezone.localdate(now))
    cleaned = clean_values(kind, values)
    text = _clean_reason(reason)
    return _file(
        actor=actor,
        kind=kind,
        village=village,
        day=day,
        values=cleaned,
        channel=channel,
        reason=text,
        now=now,
        zero_tap=False,
    )


def report_file_zero(
    *,
    actor: Any,
    kind: ReportKind,
    village: Place,
    day: date | None = None,
    channel: str = Channel.ONE_TAP,
    now: datetime | None = None,
) -> FilingResult:
    """One tap: nothing new today. Refused (409) when the day already has figures, which
    only the form may correct; tapping again after a zero changes nothing."""
    _require_filer(actor, village)
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    refuse_future_day(day, timezone.localdate(now))
    return _file(
        actor=actor,
        kind=kind,
        village=village,
        day=day,
        values=kind.zero_values(),
        channel=channel,
        reason="",
        now=now,
        zero_tap=True,
    )


def _file(
    *,
    actor: Any,
    kind: ReportKind,
    village: Place,
    day: date,
    values: dict[str, int],
    channel: str,
    reason: str,
    now: datetime,
    zero_tap: bool,
) -> FilingResult:
    on_behalf = files_on_behalf(actor, village)
    flags = cross_check_flags(kind, village, day, values)
    is_zero = not any(values.values())
    with transaction.atomic():
        town_day = town_day_lock(kind, town_code_of(village.code), day)
        report = (
            DailyReport.objects.select_for_update()
            .filter(kind=kind.code, village=village, day=day)
            .first()
        )
        if report is None:
            report = DailyReport.objects.create(
                kind=kind.code,
                village=village,
                day=day,
                values=values,
                is_zero=is_zero,
                flags=flags,
                flagged=bool(flags),
                due_at=due_at(kind, day),
                first_filed_at=now,
                filed_at=now,
                filed_by=actor,
                on_behalf=on_behalf,
                channel=channel,
                version=1,
            )
            _add_version(report, reason="")
            audit_record(
                action=Action.CREATE,
                actor=actor,
                obj=report,
                detail=_audit_detail(report, reopened=False),
            )
            return FilingResult(report, created=True, changed=False, reopened=False)
        if report.values == values:
            return FilingResult(report, created=False, changed=False, reopened=False)
        if zero_tap:
            raise DomainError(
                "already_reported",
                _("Figures are already reported for %(day)s; correct them with the form.")
                % {"day": day.isoformat()},
                status=409,
            )
        reopened = report.is_approved or town_day.is_approved
        if reopened and not reason:
            raise ValidationError(
                {"reason": [_("This day is approved: give the reason for the correction.")]}
            )
        report.values, report.is_zero = values, is_zero
        report.flags, report.flagged = flags, bool(flags)
        report.filed_at, report.filed_by = max(now, report.first_filed_at), actor
        report.on_behalf, report.channel = on_behalf, channel
        report.version += 1
        if report.is_approved:
            report.approved_at = report.approved_by = None
            _event(report, ApprovalEvent.Action.REOPENED, actor, reason, now)
        report.save()
        _add_version(report, reason=reason)
        if town_day.is_approved:
            _reopen_town_day(town_day, report, actor, reason, now)
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=report,
            detail=_audit_detail(report, reopened=reopened),
        )
    return FilingResult(report, created=False, changed=True, reopened=reopened)


def _add_version(report: DailyReport, *, reason: str) -> ReportVersion:
    return ReportVersion.objects.create(
        report=report,
        version=report.version,
        values=report.values,
        is_zero=report.is_zero,
        flags=report.flags,
        filed_at=report.filed_at,
        filed_by=report.filed_by,
        on_behalf=report.on_behalf,
        channel=report.channel,
        reason=reason,
    )


def _event(report: DailyReport, action: str, actor: Any, reason: str, now: datetime) -> None:
    ApprovalEvent.objects.create(
        kind=report.kind,
        town_id=town_code_of(report.village_id),
        day=report.day,
        report=report,
        action=action,
        actor=actor,
        reason=reason,
        at=now,
    )


def _reopen_town_day(
    town_day: TownDay, report: DailyReport, actor: Any, reason: str, now: datetime
) -> None:
    town_day.county_approved_at = town_day.county_approved_by = None
    town_day.reopened_at, town_day.reopen_reason = now, reason
    town_day.save(
        update_fields=["county_approved_at", "county_approved_by", "reopened_at", "reopen_reason"]
    )
    _event(report, ApprovalEvent.Action.COUNTY_REOPENED, actor, reason, now)


def _audit_detail(report: DailyReport, *, reopened: bool) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "day": report.day.isoformat(),
        "version": report.version,
        "zero": report.is_zero,
        "channel": report.channel,
        "on_behalf": report.on_behalf,
        "reopened": reopened,
    }


def report_flags_refresh(
    *, kind: ReportKind, day: date, village_codes: list[str] | None = None
) -> int:
    """Run the kind's cross-check again on the day's reports (say, after the registry
    changed) and store the messages; returns how many reports' flags changed."""
    if kind.cross_check is None:
        return 0
    changed = 0
    qs = DailyReport.objects.filter(kind=kind.code, day=day).select_related("village")
    if village_codes is not None:
        qs = qs.filter(village_id__in=village_codes)
    with transaction.atomic():
        for report in qs.select_for_update(of=("self",)).order_by("village_id"):
            flags = cross_check_flags(kind, report.village, day, report.values)
            if flags != report.flags:
                report.flags, report.flagged = flags, bool(flags)
                report.save(update_fields=["flags", "flagged"])
                changed += 1
    return changed
