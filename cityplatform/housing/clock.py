"""The housing app's "now", read through this module so a test can set the clock for
the pages it drives (the live server of a browser test runs in the test's process).

Viewing rules (no bookings in the past, today's viewings on the console) depend on
the time of day; without this a browser test would fail when run late in the evening.
"""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    """The local date (Asia/Shanghai) of `now()`."""
    return timezone.localdate(now())
