"""The demo: 醴陵's 270 villages reporting from 2020-01-25 to 2020-03-18."""

import io
from datetime import date

import pytest
from django.db.models import F

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.models import User
from cityplatform.reports import demo
from cityplatform.reports.models import DailyReport, Reminder, TownDay
from cityplatform.reports.selectors.completeness import completeness_grid
from cityplatform.reports.tests.conftest import village
from conftest import LILING, MAFANGTANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(places: None) -> None:
    from cityplatform.accounts.roles import sync_roles

    sync_roles()
    demo.load(io.StringIO())


def test_the_demo(loaded, kind) -> None:  # type: ignore[no-untyped-def]
    # One test: loading the demo takes seconds, and each test would load it again.
    _reports_look_like_the_epidemic_weeks(kind)
    _the_correction_and_its_history()
    _logins_and_idempotence()


def _reports_look_like_the_epidemic_weeks(kind) -> None:  # type: ignore[no-untyped-def]
    days = (date(2020, 3, 18) - date(2020, 1, 25)).days + 1
    expected = 270 * days
    reports = DailyReport.objects.filter(kind="children_care")
    count = reports.count()
    assert 0.98 * expected < count < expected  # a realistic few missing
    late = reports.filter(first_filed_at__gt=F("due_at")).count()
    assert 0.01 * count < late < 0.08 * count
    assert 0.9 * count < reports.filter(is_zero=True).count() < count
    assert reports.filter(day=date(2020, 3, 18), approved_at__isnull=True).exists()
    approved = TownDay.objects.filter(county_approved_at__isnull=False).count()
    assert 0.6 * 24 * days < approved < 24 * days
    assert Reminder.objects.exists()
    grid = completeness_grid(
        kind=kind, place=village(LILING), start=date(2020, 2, 1), end=date(2020, 2, 29)
    )
    assert len(grid.rows) == 24
    assert grid.total.expected == 270 * 29
    assert {c.state for row in grid.rows for c in row.cells} >= {"complete", "late", "partial"}


def _the_correction_and_its_history() -> None:
    report = DailyReport.objects.get(village_id=MAFANGTANG, day=date(2020, 2, 12))
    assert report.version == 2
    assert report.on_behalf
    assert report.is_approved
    assert report.versions.get(version=2).reason.startswith("入户走访")
    town_day = TownDay.objects.get(town_id=report.village.parent_id, day=report.day)
    assert town_day.is_approved
    assert town_day.reopen_reason


def _logins_and_idempotence() -> None:
    for username, _ in demo.LOGINS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username
    before = (DailyReport.objects.count(), Reminder.objects.count())
    demo.load(io.StringIO())
    assert (DailyReport.objects.count(), Reminder.objects.count()) == before
