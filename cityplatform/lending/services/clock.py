"""The business date: read it, and hold it still while money moves.

Draws and repayments call `clock_hold()` inside their transaction: it takes a share
lock on the clock row, so the close of business (which locks it for update to start)
waits for them to finish, and they are refused while a close of business runs.
"""

from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.lending.models import BusinessClock


def clock_get() -> BusinessClock:
    """The clock, created at today's calendar date the first time it is asked for."""
    clock = BusinessClock.objects.filter(pk=1).first()
    if clock is None:
        clock, _created = BusinessClock.objects.get_or_create(
            pk=1, defaults={"business_date": timezone.localdate()}
        )
    return clock


def business_date_today() -> date:
    return clock_get().business_date


def _read_clock_for_share() -> tuple[date, bool]:
    clock_get()
    # FOR SHARE: draws and repayments of different lines hold it together; only the
    # close of business, which updates the row, waits for them (and they for it).
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT business_date, closing FROM lending_businessclock WHERE id = 1{lock}"  # noqa: S608
        )
        business_date, closing = cursor.fetchone()
    if isinstance(business_date, str):  # SQLite hands dates back as text here
        business_date = date.fromisoformat(business_date)
    return business_date, bool(closing)


def clock_value_date() -> date:
    """Inside a transaction: the value date of money moving now. While the close of
    business runs for day D, that is D + 1 (the day D's accrual no longer sees)."""
    business_date, closing = _read_clock_for_share()
    return business_date + timedelta(days=1) if closing else business_date


def clock_hold() -> date:
    """Inside a transaction: the business date, held until the transaction ends.

    Refused (503, retry later) while the close of business runs.
    """
    business_date, closing = _read_clock_for_share()
    if closing:
        raise DomainError(
            "close_of_business_running",
            _("The bank is closing the business day; please try again in a minute."),
            status=503,
        )
    return business_date


def clock_set(business_date: date) -> BusinessClock:
    """Move the business date by hand (set-up of a new system, tests, the demo's past).

    Not for a running bank: the close of business is what advances the date.
    """
    with transaction.atomic():
        clock_get()
        clock = BusinessClock.objects.select_for_update().get(pk=1)
        clock.business_date = business_date
        clock.closing = False
        clock.save(update_fields=["business_date", "closing"])
    return clock
