"""Parallel writes to one town's day (PostgreSQL: real parallel transactions)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.reports.models import DailyReport, ReportVersion, TownDay
from cityplatform.reports.services import county_day_approve, town_day_approve
from cityplatform.reports.tests.conftest import DAY, at, file, file_town, village
from conftest import LAILONGMEN, MAFANGTANG

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*actions: Callable[[], Any]) -> list[Any]:
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = action()
        except (DomainError, ValidationError) as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_first_filings_at_once_make_one_report_and_a_correction(kind, people) -> None:  # type: ignore[no-untyped-def]
    results = _at_once(
        lambda: file(kind, people.mafangtang, MAFANGTANG, new_lacking_care=1),
        lambda: file(kind, people.lailongmen, MAFANGTANG, new_lacking_care=2),
    )
    assert sorted(r.created for r in results) == [False, True]
    report = DailyReport.objects.get()
    assert report.version == 2
    assert list(ReportVersion.objects.order_by("version").values_list("version", flat=True)) == [
        1,
        2,
    ]
    assert report.values == ReportVersion.objects.get(version=2).values


def test_a_correction_racing_the_county_approval_never_leaves_the_day_approved(
    kind, people
) -> None:  # type: ignore[no-untyped-def]
    town = village(LAILONGMEN)
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    town_day_approve(actor=people.lailongmen, kind=kind, town=town, day=DAY, now=at(DAY, "12:00"))
    results = _at_once(
        lambda: county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY),
        lambda: file(kind, people.mafangtang, MAFANGTANG, hhmm="13:00", placed=1, reason="补报"),
    )
    report = DailyReport.objects.get(village_id=MAFANGTANG)
    town_day = TownDay.objects.get(town=town, day=DAY)
    assert report.version == 2
    assert not report.is_approved
    # Whoever won, the county's approval does not stand over an unapproved report.
    assert not town_day.is_approved
    if isinstance(results[0], DomainError):
        assert results[0].code == "villages_not_approved"
    else:
        assert town_day.reopen_reason == "补报"
