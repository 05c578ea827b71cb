"""Times for viewing tests, in local time (Asia/Shanghai), and a settable clock."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from cityplatform.housing import clock


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def days_ahead(days: int, hour: int, minute: int = 0) -> datetime:
    """`days` after today's local date, at hour:minute local time."""
    return local(timezone.localdate() + timedelta(days=days), hour, minute)


def set_clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Make the housing app (services, console) believe it is `moment`."""
    monkeypatch.setattr(clock, "now", lambda: moment)
