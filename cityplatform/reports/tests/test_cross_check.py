"""A kind's cross-check: its messages are stored as flags and shown everywhere.

A fake kind stands in for the children app's: it flags a zero report while its
"registry" (a dict here) holds an unplaced child found that day in the village.
"""

from collections.abc import Iterator
from datetime import date

import pytest

from cityplatform.places.models import Place
from cityplatform.reports import kinds
from cityplatform.reports.kinds import ReportField, ReportKind
from cityplatform.reports.models import DailyReport
from cityplatform.reports.services import report_file, report_file_zero, report_flags_refresh
from cityplatform.reports.tests.conftest import DAY, SIFANG, at, village
from conftest import LAILONGMEN, LILING, MAFANGTANG

pytestmark = pytest.mark.django_db

# village code -> days with a newly found, unplaced child.
FAKE_REGISTRY: dict[str, set[date]] = {}
FLAG = "The registry shows a new unplaced child this day."


def unplaced_children_check(village: Place, day: date, values: dict[str, int]) -> list[str]:
    if day in FAKE_REGISTRY.get(village.code, set()) and values["new_found"] == 0:
        return [FLAG]
    return []


@pytest.fixture
def fake_kind() -> Iterator[ReportKind]:
    kind = ReportKind(
        code="fake_children",
        label="Fake children report",
        fields=[ReportField("new_found", "New"), ReportField("placed", "Placed")],
        cross_check=unplaced_children_check,
    )
    kinds.register(kind, source="tests")
    FAKE_REGISTRY.clear()
    FAKE_REGISTRY[MAFANGTANG] = {DAY}
    yield kind
    kinds.unregister(kind.code)
    FAKE_REGISTRY.clear()


def test_a_zero_report_contradicting_the_registry_is_flagged(fake_kind, people) -> None:  # type: ignore[no-untyped-def]
    flagged = report_file_zero(
        actor=people.mafangtang, kind=fake_kind, village=village(MAFANGTANG), now=at(DAY, "09:00")
    ).report
    assert flagged.flags == [FLAG]
    assert flagged.flagged
    assert flagged.versions.get().flags == [FLAG]
    clean = report_file_zero(
        actor=people.sifang, kind=fake_kind, village=village(SIFANG), now=at(DAY, "09:00")
    ).report
    assert clean.flags == []
    assert not clean.flagged


def test_a_correction_that_reports_the_child_clears_the_flag(fake_kind, people) -> None:  # type: ignore[no-untyped-def]
    report_file_zero(
        actor=people.mafangtang, kind=fake_kind, village=village(MAFANGTANG), now=at(DAY, "09:00")
    )
    report = report_file(
        actor=people.mafangtang,
        kind=fake_kind,
        village=village(MAFANGTANG),
        day=DAY,
        values={"new_found": 1, "placed": 0},
        now=at(DAY, "11:00"),
    ).report
    assert report.flags == []
    assert [v.flags for v in report.versions.order_by("version")] == [[FLAG], []]


def test_refresh_flags_after_the_registry_changed(fake_kind, people) -> None:  # type: ignore[no-untyped-def]
    report = report_file_zero(
        actor=people.sifang, kind=fake_kind, village=village(SIFANG), now=at(DAY, "09:00")
    ).report
    assert report.flags == []
    FAKE_REGISTRY[SIFANG] = {DAY}  # a child registered after the village reported
    assert report_flags_refresh(kind=fake_kind, day=DAY) == 1
    report.refresh_from_db()
    assert report.flags == [FLAG]
    assert report_flags_refresh(kind=fake_kind, day=DAY) == 0


def test_flags_are_shown_on_the_dashboards_and_the_api(fake_kind, people, client) -> None:  # type: ignore[no-untyped-def]
    report = report_file_zero(
        actor=people.mafangtang, kind=fake_kind, village=village(MAFANGTANG), now=at(DAY, "09:00")
    ).report
    client.force_login(people.liling)
    base = f"/reports/{fake_kind.code}"
    county = client.get(f"{base}/{LILING}/", {"month": "2020-02"}).content.decode()
    assert "⚑" in county
    town_day = client.get(f"{base}/{LAILONGMEN}/2020-02-03/").content.decode()
    assert FLAG in town_day
    county_day = client.get(f"{base}/{LILING}/2020-02-03/").content.decode()
    assert FLAG in county_day
    assert FLAG in client.get(f"/reports/report/{report.pk}/").content.decode()
    body = client.get(f"/api/reports/daily/reports/{report.pk}").json()
    assert body["flags"] == [FLAG]
    completeness = client.get(
        "/api/reports/daily/completeness", {"date": "2020-02-03", "kind": fake_kind.code}
    ).json()
    assert completeness["total"]["flagged"] == 1
    assert DailyReport.objects.filter(flagged=True).count() == 1
