"""Many reports at once, for the demo and the benchmark: bulk inserts of reports with
their first version, town approvals (with their history rows) and county approvals.

It writes what the services would have written for the same filings, without going
through them one by one (270 villages × 54 days is 14,580 filings).
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportKind, due_at
from cityplatform.reports.models import (
    ApprovalEvent,
    Channel,
    DailyReport,
    Reminder,
    ReportVersion,
    TownDay,
)
from cityplatform.reports.services.common import town_code_of
from cityplatform.reports.services.reminders import reminder_message

BATCH = 2000


@dataclass(frozen=True)
class Rates:
    missing: float = 0.01  # a village-day without a report
    late: float = 0.04  # filed after the deadline
    nonzero: float = 0.03  # figures other than zero
    on_behalf: float = 0.02  # filed by the town for the village
    unapproved_days: int = 1  # the last days the town has not approved yet
    county_pending_days: int = 2  # the last days the county has not approved yet


def _filing_time(kind: ReportKind, day: date, late: bool, rng: random.Random) -> datetime:
    due = due_at(kind, day)
    if late:
        return due + timedelta(minutes=rng.randint(5, 8 * 60))
    return due - timedelta(minutes=rng.randint(1, 3 * 60))


def _values(kind: ReportKind, nonzero: bool, rng: random.Random) -> dict[str, int]:
    if not nonzero:
        return kind.zero_values()
    # The first figure is the one that happened; later ones follow from it (children
    # found, then placed): never more than the first.
    first = rng.randint(1, 3)
    return {
        name: first if index == 0 else rng.randint(0, first)
        for index, name in enumerate(kind.field_names)
    }


def _batched(rows: Iterable[Any], create: Callable[[list[Any]], Any]) -> None:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            create(batch)
            batch = []
    if batch:
        create(batch)


def seed_reports(
    *,
    kind: ReportKind,
    villages: list[Place],
    days: list[date],
    reporters: dict[str, Any],
    reviewers: dict[str, Any],
    officer: Any,
    rates: Rates = Rates(),
    rng: random.Random | None = None,
    history: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Reports of `villages` for `days`; returns how many were created.

    `reporters` maps a village code to its filer (None: a user-less filing), `reviewers`
    a town code to the user approving its villages; `history` adds the approval
    events (the benchmark leaves them out).
    """
    rng = rng or random.Random(2020)  # noqa: S311 - demo and benchmark data
    now = timezone.now()
    approve_until = days[-1] - timedelta(days=rates.unapproved_days)
    county_until = days[-1] - timedelta(days=rates.county_pending_days)
    reports: list[DailyReport] = []
    reported: dict[tuple[str, date], int] = {}
    expected: dict[str, int] = {}
    for village in villages:
        expected[town_code_of(village.code)] = expected.get(town_code_of(village.code), 0) + 1
    for day in days:
        for village in villages:
            if rng.random() < rates.missing:
                continue
            late = rng.random() < rates.late
            filed = min(_filing_time(kind, day, late, rng), now)
            values = _values(kind, rng.random() < rates.nonzero, rng)
            is_zero = not any(values.values())
            town = town_code_of(village.code)
            on_behalf = rng.random() < rates.on_behalf
            approved = day <= approve_until
            reports.append(
                DailyReport(
                    kind=kind.code,
                    village_id=village.code,
                    day=day,
                    values=values,
                    is_zero=is_zero,
                    due_at=due_at(kind, day),
                    first_filed_at=filed,
                    filed_at=filed,
                    filed_by=reviewers.get(town) if on_behalf else reporters.get(village.code),
                    on_behalf=on_behalf,
                    channel=Channel.ONE_TAP if is_zero and not on_behalf else Channel.FORM,
                    approved_at=filed + timedelta(hours=2) if approved else None,
                    approved_by=reviewers.get(town) if approved else None,
                )
            )
    with transaction.atomic():
        created: list[DailyReport] = []

        def create_reports(batch: list[DailyReport]) -> None:
            created.extend(DailyReport.objects.bulk_create(batch))
            if on_progress is not None:
                on_progress(len(batch))

        _batched(reports, create_reports)
        _batched(
            (
                ReportVersion(
                    report_id=r.pk,
                    version=1,
                    values=r.values,
                    is_zero=r.is_zero,
                    filed_at=r.filed_at,
                    filed_by=r.filed_by,
                    on_behalf=r.on_behalf,
                    channel=r.channel,
                )
                for r in created
            ),
            ReportVersion.objects.bulk_create,
        )
        for r in created:
            key = (town_code_of(r.village_id), r.day)
            reported[key] = reported.get(key, 0) + 1
        town_days = []
        for (town, day), count in sorted(reported.items()):
            complete = count == expected[town] and day <= min(approve_until, county_until)
            town_days.append(
                TownDay(
                    kind=kind.code,
                    town_id=town,
                    day=day,
                    county_approved_at=due_at(kind, day) + timedelta(hours=6) if complete else None,
                    county_approved_by=officer if complete else None,
                )
            )
        _batched(town_days, TownDay.objects.bulk_create)
        if history:
            _batched(
                _approval_events(kind, created, town_days, officer),
                ApprovalEvent.objects.bulk_create,
            )
    return len(created)


def _approval_events(
    kind: ReportKind, reports: list[DailyReport], town_days: list[TownDay], officer: Any
) -> Iterable[ApprovalEvent]:
    for r in reports:
        if r.approved_at is not None:
            yield ApprovalEvent(
                kind=kind.code,
                town_id=town_code_of(r.village_id),
                day=r.day,
                report_id=r.pk,
                action=ApprovalEvent.Action.TOWN_APPROVED,
                actor=r.approved_by,
                at=r.approved_at,
            )
    for td in town_days:
        if td.county_approved_at is not None:
            yield ApprovalEvent(
                kind=kind.code,
                town_id=td.town_id,
                day=td.day,
                action=ApprovalEvent.Action.COUNTY_APPROVED,
                actor=officer,
                at=td.county_approved_at,
            )


def seed_reminders(*, kind: ReportKind, villages: list[Place], days: list[date]) -> int:
    """The reminders the task would have sent: an hour before the deadline to every
    village that had not reported by then, half an hour after it to those still missing."""
    rows = []
    for day in days:
        due = due_at(kind, day)
        filed = dict(
            DailyReport.objects.filter(kind=kind.code, day=day).values_list(
                "village_id", "first_filed_at"
            )
        )
        for village in villages:
            first = filed.get(village.code)
            for stage, at in (
                (Reminder.Stage.BEFORE_DEADLINE, due - timedelta(hours=1)),
                (Reminder.Stage.AFTER_DEADLINE, due + timedelta(minutes=30)),
            ):
                if first is None or first > at:
                    rows.append(
                        Reminder(
                            kind=kind.code,
                            village=village,
                            day=day,
                            stage=stage,
                            created_at=at,
                            message=reminder_message(kind, village, stage, day),
                        )
                    )
    Reminder.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)
