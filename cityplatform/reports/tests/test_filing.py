"""Filing: first report, timeliness, corrections with history, one-tap zero, refusals."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.reports.models import ApprovalEvent, Channel, DailyReport, ReportVersion, TownDay
from cityplatform.reports.services import (
    county_day_approve,
    report_file,
    report_file_zero,
    town_day_approve,
)
from cityplatform.reports.tests.conftest import DAY, GUXIAN, SIFANG, at, file, file_town, village
from conftest import LAILONGMEN, MAFANGTANG

pytestmark = pytest.mark.django_db


def test_first_filing_is_version_one_on_time_and_audited(kind, people) -> None:  # type: ignore[no-untyped-def]
    result = file(kind, people.mafangtang, MAFANGTANG, hhmm="09:59", new_lacking_care=2, placed=1)
    report = result.report
    assert (result.created, result.changed, result.reopened) == (True, False, False)
    assert report.values == {"new_lacking_care": 2, "placed": 1}
    assert not report.is_zero
    assert not report.is_late
    assert not report.on_behalf
    assert report.filed_by == people.mafangtang
    assert report.channel == Channel.FORM
    assert list(report.versions.values_list("version", "values")) == [(1, report.values)]
    entry = AuditEntry.objects.get(object_type="reports.dailyreport", object_id=str(report.pk))
    assert (entry.action, entry.actor, entry.place_code) == (
        "create",
        people.mafangtang,
        MAFANGTANG,
    )
    assert entry.detail["version"] == 1
    assert entry.detail["on_behalf"] is False


def test_after_the_deadline_is_late_and_corrections_never_change_timeliness(kind, people) -> None:  # type: ignore[no-untyped-def]
    on_time = file(kind, people.mafangtang, MAFANGTANG, hhmm="10:00").report
    assert not on_time.is_late
    late = file(kind, people.sifang, SIFANG, hhmm="10:01").report
    assert late.is_late
    corrected = file(kind, people.sifang, SIFANG, hhmm="23:00", placed=1).report
    assert corrected.is_late
    assert corrected.version == 2
    assert corrected.first_filed_at == late.first_filed_at


def test_a_day_filed_days_later_is_late(kind, people) -> None:  # type: ignore[no-untyped-def]
    result = report_file(
        actor=people.mafangtang,
        kind=kind,
        village=village(MAFANGTANG),
        day=DAY,
        values=kind.zero_values(),
        now=at(DAY + timedelta(days=3), "08:00"),
    )
    assert result.report.is_late


def test_a_second_filing_is_a_correction_with_history(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    result = file(kind, people.mafangtang, MAFANGTANG, hhmm="11:00", new_lacking_care=1)
    assert (result.created, result.changed) == (False, True)
    report = result.report
    assert report.version == 2
    assert report.values["new_lacking_care"] == 1
    assert not report.is_zero
    history = list(
        ReportVersion.objects.filter(report=report)
        .order_by("version")
        .values_list("version", "values")
    )
    assert history == [
        (1, {"new_lacking_care": 0, "placed": 0}),
        (2, {"new_lacking_care": 1, "placed": 0}),
    ]
    assert DailyReport.objects.count() == 1
    assert AuditEntry.objects.filter(action="update", object_id=str(report.pk)).count() == 1


def test_the_same_figures_again_change_nothing(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    again = file(kind, people.mafangtang, MAFANGTANG, hhmm="09:30")
    assert (again.created, again.changed) == (False, False)
    assert ReportVersion.objects.count() == 1


def test_correcting_an_approved_report_needs_a_reason_and_reopens_it(kind, people) -> None:  # type: ignore[no-untyped-def]
    report = file(kind, people.mafangtang, MAFANGTANG).report
    town = village(LAILONGMEN)
    town_day_approve(actor=people.lailongmen, kind=kind, town=town, day=DAY, now=at(DAY, "12:00"))
    with pytest.raises(ValidationError) as excinfo:
        file(kind, people.mafangtang, MAFANGTANG, hhmm="13:00", new_lacking_care=1)
    assert "reason" in excinfo.value.error_dict
    report.refresh_from_db()
    assert report.version == 1
    assert report.is_approved

    result = file(
        kind, people.mafangtang, MAFANGTANG, hhmm="13:00", new_lacking_care=1, reason="走访发现"
    )
    assert result.reopened
    report.refresh_from_db()
    assert not report.is_approved
    assert report.approved_by is None
    assert report.versions.get(version=2).reason == "走访发现"
    event = ApprovalEvent.objects.get(action=ApprovalEvent.Action.REOPENED)
    assert (event.report, event.reason, event.actor) == (report, "走访发现", people.mafangtang)


def test_correcting_a_county_approved_day_reopens_the_county_approval(kind, people) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    town = village(LAILONGMEN)
    town_day_approve(actor=people.lailongmen, kind=kind, town=town, day=DAY, now=at(DAY, "12:00"))
    county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "15:00"))
    result = file(
        kind, people.mafangtang, MAFANGTANG, hhmm="16:00", placed=1, reason="补报已安置儿童"
    )
    assert result.reopened
    town_day = TownDay.objects.get(kind=kind.code, town=town, day=DAY)
    assert not town_day.is_approved
    assert town_day.reopen_reason == "补报已安置儿童"
    assert town_day.reopened_at == at(DAY, "16:00")
    assert ApprovalEvent.objects.filter(action=ApprovalEvent.Action.COUNTY_REOPENED).count() == 1


def test_staff_file_on_a_village_behalf_recorded_as_such(kind, people) -> None:  # type: ignore[no-untyped-def]
    by_town = file(kind, people.lailongmen, MAFANGTANG).report
    assert by_town.on_behalf
    assert by_town.filed_by == people.lailongmen
    by_county = file(kind, people.liling, GUXIAN).report
    assert by_county.on_behalf
    assert by_county.filed_by == people.liling
    own = file(kind, people.sifang, SIFANG).report
    assert not own.on_behalf


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("mafangtang", SIFANG),  # a neighbouring village
        ("mafangtang", GUXIAN),  # a village of another town
        ("shiting", MAFANGTANG),  # a reviewer of another town
        ("stranger", MAFANGTANG),  # no daily-report role
    ],
)
def test_reports_for_another_village_are_refused(kind, people, who, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as excinfo:
        file(kind, getattr(people, who), code)
    assert (excinfo.value.status, excinfo.value.code) == (403, "not_your_village")
    assert "your own village" in excinfo.value.message
    assert not DailyReport.objects.exists()


def test_a_town_is_not_a_reporting_unit(kind, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as excinfo:
        file(kind, people.lailongmen, LAILONGMEN)
    assert excinfo.value.code == "not_a_village"


def test_a_day_before_2000_is_refused(kind, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as excinfo:
        report_file(
            actor=people.mafangtang,
            kind=kind,
            village=village(MAFANGTANG),
            day=date(1999, 12, 31),
            values=kind.zero_values(),
            now=at(DAY, "09:00"),
        )
    assert (excinfo.value.status, excinfo.value.code) == (422, "day_out_of_range")


def test_a_day_not_yet_come_is_refused(kind, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as excinfo:
        report_file(
            actor=people.mafangtang,
            kind=kind,
            village=village(MAFANGTANG),
            day=DAY + timedelta(days=1),
            values=kind.zero_values(),
            now=at(DAY, "23:59"),
        )
    assert (excinfo.value.status, excinfo.value.code) == (422, "future_day")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"new_lacking_care": -1, "placed": 0}, "new_lacking_care", "from 0 to 99999"),
        ({"new_lacking_care": 100_000, "placed": 0}, "new_lacking_care", "from 0 to 99999"),
        ({"new_lacking_care": "three", "placed": 0}, "new_lacking_care", "whole number"),
        ({"new_lacking_care": 1.5, "placed": 0}, "new_lacking_care", "whole number"),
        ({"new_lacking_care": True, "placed": 0}, "new_lacking_care", "whole number"),
        ({"new_lacking_care": 1}, "placed", "0 if there is none"),
        ({"new_lacking_care": 0, "placed": ""}, "placed", "0 if there is none"),
        ({"new_lacking_care": 0, "placed": 0, "orphans": 1}, "orphans", "no figure called"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(kind, people, values, field, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        report_file(
            actor=people.mafangtang,
            kind=kind,
            village=village(MAFANGTANG),
            day=DAY,
            values=values,
            now=at(DAY, "09:00"),
        )
    assert message in " ".join(excinfo.value.error_dict[field][0].messages)
    assert not DailyReport.objects.exists()
    assert not TownDay.objects.exists()


def test_numbers_as_text_are_accepted(kind, people) -> None:  # type: ignore[no-untyped-def]
    report = report_file(
        actor=people.mafangtang,
        kind=kind,
        village=village(MAFANGTANG),
        day=DAY,
        values={"new_lacking_care": " 2 ", "placed": "1"},
        now=at(DAY, "09:00"),
    ).report
    assert report.values == {"new_lacking_care": 2, "placed": 1}


def test_one_tap_zero_files_today_and_a_second_tap_changes_nothing(kind, people) -> None:  # type: ignore[no-untyped-def]
    now = at(DAY, "08:15")
    first = report_file_zero(
        actor=people.mafangtang, kind=kind, village=village(MAFANGTANG), now=now
    )
    assert first.created
    assert first.report.is_zero
    assert first.report.day == DAY
    assert first.report.channel == Channel.ONE_TAP
    second = report_file_zero(
        actor=people.mafangtang, kind=kind, village=village(MAFANGTANG), now=at(DAY, "08:16")
    )
    assert (second.created, second.changed) == (False, False)
    assert ReportVersion.objects.count() == 1


def test_one_tap_zero_never_overwrites_figures(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG, new_lacking_care=1)
    with pytest.raises(DomainError) as excinfo:
        report_file_zero(
            actor=people.mafangtang, kind=kind, village=village(MAFANGTANG), now=at(DAY, "09:30")
        )
    assert (excinfo.value.status, excinfo.value.code) == (409, "already_reported")
    assert DailyReport.objects.get().values["new_lacking_care"] == 1
