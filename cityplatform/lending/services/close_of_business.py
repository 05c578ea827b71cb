"""The close of business (日终): closes the current business date and advances it.

    close_business_day()                 # close today's business date
    close_business_day(until=date(...))  # close every day up to and including that date

For each day: mark the clock closing (draws and repayments wait: 503, retry), finish
any draw or credit-balance refund still being paid out, then run the steps, each set-based and chunked:

1. accrual: each paid-out draw's interest on its principal not past due at its daily
   rate, and penalty interest on what is past due, rounded to the fen half up; one
   sub-ledger row per draw; the chunk's totals posted to the control accounts;
2. due: instalments due today fall overdue for what is unpaid;
3. overdue: draws move through overdue stages, with a notice on entering each;
4. statements: on a month's last day, every line's monthly statement.

Each step records itself done on the day's `CloseOfBusiness` row, and every statement
inside a step skips what is already done, so an interrupted run, started again,
resumes where it stopped; the business date moves on only in the transaction that
marks the day finished, so a closed day is never processed twice.
"""

import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.lending.models import BusinessClock, CloseOfBusiness
from cityplatform.lending.services import cob_statements, cob_steps
from cityplatform.lending.services.clock import clock_get
from cityplatform.lending.services.disbursement import disbursements_resume
from cityplatform.lending.services.refunds import refunds_resume

DEFAULT_CHUNK = 50_000
# progress(step, done, total): the command's progress bar listens.
Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def _step_accrual(day: date, chunk: int, progress: Progress) -> int:
    lo, hi = cob_steps.draw_id_range()
    total = max(hi - lo + 1, 0)
    accrued = 0
    for start in range(lo, hi + 1, chunk):
        accrued += cob_steps.accrue_chunk(day, start, start + chunk).draws
        progress("accrual", min(start + chunk, hi + 1) - lo, total)
    return accrued


def _step_disbursements(day: date, chunk: int, progress: Progress) -> int:
    return len(disbursements_resume()) + len(refunds_resume())


STEPS: list[tuple[str, Callable[[date, int, Progress], int]]] = [
    ("disbursements", _step_disbursements),
    ("accrual", _step_accrual),
    ("due", lambda day, chunk, progress: cob_steps.process_due(day)),
    ("overdue", lambda day, chunk, progress: cob_steps.process_overdue(day)),
    ("statements", lambda day, chunk, progress: cob_statements.make_statements(day)),
]


def _begin(day: date) -> CloseOfBusiness:
    with transaction.atomic():
        clock_get()
        # Waits for draws and repayments in flight (they hold the clock row shared).
        clock = BusinessClock.objects.select_for_update().get(pk=1)
        if clock.business_date != day:
            raise DomainError(
                "day_already_closed",
                _("Business day %(day)s is already closed.") % {"day": day.isoformat()},
                status=409,
            )
        run, created = CloseOfBusiness.objects.get_or_create(
            business_date=day, defaults={"started_at": timezone.now()}
        )
        if not created:
            run.attempts += 1
            run.save(update_fields=["attempts"])
        clock.closing = True
        clock.save(update_fields=["closing"])
    return run


def _step_done(run: CloseOfBusiness, step: str, count: int) -> None:
    run.steps_done = [*run.steps_done, step]
    run.counts = {**run.counts, step: count}
    run.save(update_fields=["steps_done", "counts"])


def _finish(run: CloseOfBusiness) -> None:
    with transaction.atomic():
        clock = BusinessClock.objects.select_for_update().get(pk=1)
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
        clock.business_date = run.business_date + timedelta(days=1)
        clock.closing = False
        clock.save(update_fields=["business_date", "closing"])


def close_one_day(
    day: date, *, chunk: int = DEFAULT_CHUNK, progress: Progress = _no_progress
) -> CloseOfBusiness:
    run = _begin(day)
    for name, step in STEPS:
        if name in run.steps_done:
            continue
        started = time.perf_counter()
        count = step(day, chunk, progress)
        _step_done(run, name, count)
        run.counts = {**run.counts, f"{name}_seconds": round(time.perf_counter() - started, 3)}
        run.save(update_fields=["counts"])
    _finish(run)
    return run


def close_business_day(
    *,
    until: date | None = None,
    chunk: int = DEFAULT_CHUNK,
    progress: Progress = _no_progress,
) -> list[CloseOfBusiness]:
    """Close the current business date, or every day up to `until` (inclusive)."""
    closed: list[CloseOfBusiness] = []
    while True:
        day = clock_get().business_date
        if until is None and closed:
            break
        if until is not None and day > until:
            break
        closed.append(close_one_day(day, chunk=chunk, progress=progress))
    return closed
