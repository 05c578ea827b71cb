"""Reminders to villages that have not reported yet: one before the deadline (to the
village's reporters) and one after it (to them and to their town's reviewers).

Run every few minutes or at fixed times by `send_report_reminders` (cron) or the task
workers; each village gets each stage's reminder at most once a day (a unique
constraint, so two runs at once cannot double it). No SMS is sent: the Reminder row is
the notice, shown on the village's page, with the text a gateway would send.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportKind, all_kinds, due_at
from cityplatform.reports.models import DailyReport, Reminder
from cityplatform.reports.roles import REPORTER, REVIEWER
from cityplatform.reports.services.common import town_code_of


def _stage(kind: ReportKind, now: datetime) -> str | None:
    due = due_at(kind, timezone.localdate(now))
    lead = timedelta(minutes=settings.DAILY_REPORT_REMINDER_LEAD_MINUTES)
    if now < due - lead:
        return None
    return Reminder.Stage.BEFORE_DEADLINE if now < due else Reminder.Stage.AFTER_DEADLINE


def reminder_message(kind: ReportKind, village: Place, stage: str, day: date) -> str:
    # Stored in the platform's language: it is what an SMS gateway would send.
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "village": village.name,
            "kind": kind.label,
            "deadline": timezone.localtime(due_at(kind, day)).strftime("%H:%M"),
            "day": day.strftime("%m-%d"),
        }
        if stage == Reminder.Stage.BEFORE_DEADLINE:
            return (
                _(
                    "%(village)s: the %(kind)s of %(day)s is due by %(deadline)s. Nothing new? File a zero report with one tap."
                )
                % values
            )
        return (
            _(
                "%(village)s: the %(kind)s of %(day)s was due at %(deadline)s and has not been filed. Please file it now."
            )
            % values
        )


def reminders_send(*, now: datetime | None = None, kinds: list[ReportKind] | None = None) -> int:
    """Remind every village that has not filed today's report; returns reminders created."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = 0
    for kind in kinds if kinds is not None else all_kinds():
        stage = _stage(kind, now)
        if stage is not None:
            created += _remind_missing(kind, today, stage, now)
    return created


def _remind_missing(kind: ReportKind, day: date, stage: str, now: datetime) -> int:
    reported = DailyReport.objects.filter(kind=kind.code, day=day).values("village_id")
    reminded = Reminder.objects.filter(kind=kind.code, day=day, stage=stage).values("village_id")
    villages = list(
        Place.objects.filter(level=Place.Level.VILLAGE)
        .exclude(code__in=reported)
        .exclude(code__in=reminded)
        .order_by("code")
    )
    if not villages:
        return 0
    codes = [v.code for v in villages]
    recipients = _recipients(codes, include_towns=stage == Reminder.Stage.AFTER_DEADLINE)
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [
                Reminder(
                    kind=kind.code,
                    village=village,
                    day=day,
                    stage=stage,
                    created_at=now,
                    message=reminder_message(kind, village, stage, day),
                )
                for village in villages
            ],
            ignore_conflicts=True,  # another run got there first: that one counts
        )
        fresh = dict(
            Reminder.objects.filter(
                kind=kind.code, day=day, stage=stage, village_id__in=codes, created_at=now
            ).values_list("village_id", "pk")
        )
        through = Reminder.recipients.through
        through.objects.bulk_create(
            [
                through(reminder_id=pk, user_id=user_id)
                for code, pk in fresh.items()
                for user_id in recipients.get(code, [])
            ],
            ignore_conflicts=True,
        )
    return len(fresh)


def _recipients(village_codes: list[str], *, include_towns: bool) -> dict[str, list[int]]:
    """Active users to notify per village: its reporters, and after the deadline also
    the reviewers whose jurisdiction is the village's town."""
    users = get_user_model().objects.filter(is_active=True)
    per_village: dict[str, list[int]] = {code: [] for code in village_codes}
    for user_id, code in users.filter(
        groups__name=REPORTER, jurisdiction_id__in=village_codes
    ).values_list("pk", "jurisdiction_id"):
        per_village[code].append(user_id)
    if include_towns:
        towns = {town_code_of(code) for code in village_codes}
        reviewers: dict[str, list[int]] = {}
        for user_id, code in users.filter(
            groups__name=REVIEWER, jurisdiction_id__in=towns
        ).values_list("pk", "jurisdiction_id"):
            reviewers.setdefault(code, []).append(user_id)
        for code in village_codes:
            per_village[code].extend(reviewers.get(town_code_of(code), []))
    return per_village
