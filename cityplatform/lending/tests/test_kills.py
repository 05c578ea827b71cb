"""Processes killed with SIGKILL in the middle of the close of business and of a
disbursement: the rerun finishes the work once, and the ledger stays balanced.

The killed process works on the test database from outside the test's connection, so
this runs on PostgreSQL only (SQLite's test database lives in the test's memory).
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from cityplatform.lending.models import (
    Accrual,
    BusinessClock,
    CloseOfBusiness,
    Draw,
    Line,
    SimulatedTransfer,
)
from cityplatform.lending.services.close_of_business import close_business_day
from cityplatform.lending.services.disbursement import disbursements_resume
from cityplatform.lending.tests.conftest import book_problems, take

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the killed process needs a database outside the test (PostgreSQL)")


def _start(*args: str) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cityplatform.test_settings",
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cityplatform.lending.tests.killable", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 60
    while not ready():
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "died")
        assert time.monotonic() < deadline, "the process never got there"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def test_a_close_of_business_killed_mid_accrual_resumes(approved_line: Line) -> None:
    draws = [take(approved_line, "10000.00") for _ in range(6)]
    process = _start("close")
    _kill_when(process, lambda: Accrual.objects.count() >= 2)
    done_before = Accrual.objects.count()
    assert 2 <= done_before < 6
    assert BusinessClock.objects.get().closing  # the day is half closed
    assert book_problems() == []  # each committed chunk posted its own total

    (run,) = close_business_day(chunk=1)
    assert run.attempts == 2
    assert BusinessClock.objects.get().business_date == date(2026, 4, 2)
    for draw in draws:
        draw.refresh_from_db()
        assert draw.interest_accrued_total == Decimal("1.50")  # accrued once, not twice
    assert Accrual.objects.count() == 6
    assert CloseOfBusiness.objects.count() == 1
    assert book_problems() == []


def test_a_disbursement_killed_while_the_rail_works_resumes(approved_line: Line) -> None:
    process = _start("draw", str(approved_line.pk))
    _kill_when(
        process,
        lambda: Draw.objects.filter(status=Draw.Status.DISBURSING, attempts__gte=1).exists(),
    )
    draw = Draw.objects.get()
    assert draw.status == Draw.Status.DISBURSING
    assert not SimulatedTransfer.objects.exists()
    assert book_problems() == []  # booked as in transit: balanced

    (resumed,) = disbursements_resume()
    assert resumed.status == Draw.Status.DISBURSED
    assert SimulatedTransfer.objects.count() == 1
    approved_line.refresh_from_db()
    assert approved_line.principal_outstanding == Decimal("5000.00")
    assert book_problems() == []
