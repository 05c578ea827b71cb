"""The town approves its villages' reports; the county approves a town's whole day."""

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from cityplatform.reports.models import ApprovalEvent, DailyReport, TownDay
from cityplatform.reports.services import county_day_approve, report_approve, town_day_approve
from cityplatform.reports.tests.conftest import DAY, SIFANG, at, file, file_town, village
from conftest import LAILONGMEN, LITIAN, MAFANGTANG, SHITING

pytestmark = pytest.mark.django_db


def _approve_town(kind, actor, town=LAILONGMEN, day=DAY):  # type: ignore[no-untyped-def]
    return town_day_approve(
        actor=actor, kind=kind, town=village(town), day=day, now=at(day, "12:00")
    )


def test_the_town_approves_the_filed_reports_of_the_day(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    file(kind, people.sifang, SIFANG)
    assert _approve_town(kind, people.lailongmen) == 2
    assert set(DailyReport.objects.values_list("approved_by", flat=True)) == {people.lailongmen.pk}
    assert ApprovalEvent.objects.filter(action="town_approved").count() == 2
    town_day = TownDay.objects.get(town_id=LAILONGMEN, day=DAY)
    entry = AuditEntry.objects.get(object_type="reports.townday", object_id=str(town_day.pk))
    assert entry.detail["operation"] == "town_approve"
    assert entry.place_code == LAILONGMEN
    # Nothing left: a second approval is refused with a clear message.
    with pytest.raises(DomainError) as excinfo:
        _approve_town(kind, people.lailongmen)
    assert (excinfo.value.status, excinfo.value.code) == (409, "nothing_to_approve")


def test_one_report_can_be_approved_alone(kind, people) -> None:  # type: ignore[no-untyped-def]
    report = file(kind, people.mafangtang, MAFANGTANG).report
    other = file(kind, people.sifang, SIFANG).report
    assert report_approve(actor=people.lailongmen, report=report, now=at(DAY, "12:00")) == 1
    report.refresh_from_db()
    other.refresh_from_db()
    assert report.is_approved
    assert not other.is_approved
    with pytest.raises(DomainError, match="already approved"):
        report_approve(actor=people.lailongmen, report=report)


@pytest.mark.parametrize("who", ["shiting", "mafangtang", "liling", "stranger"])
def test_only_the_towns_reviewers_approve_its_villages(kind, people, who) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    with pytest.raises(DomainError) as excinfo:
        _approve_town(kind, getattr(people, who))
    assert (excinfo.value.status, excinfo.value.code) == (403, "not_your_town")
    assert not DailyReport.objects.filter(approved_at__isnull=False).exists()


def test_the_county_approves_only_when_every_village_is_approved(kind, people) -> None:  # type: ignore[no-untyped-def]
    town = village(LAILONGMEN)
    villages = Place.objects.filter(level=5, code__startswith=town.prefix).count()
    file(kind, people.mafangtang, MAFANGTANG)
    _approve_town(kind, people.lailongmen)
    with pytest.raises(DomainError) as excinfo:
        county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "15:00"))
    assert (excinfo.value.status, excinfo.value.code) == (409, "villages_not_approved")
    assert excinfo.value.details == {"expected": villages, "approved": 1}
    assert f"{villages - 1} villages of 来龙门街道" in excinfo.value.message

    file_town(kind, LAILONGMEN, actor=people.lailongmen)  # the rest, filed but not approved
    with pytest.raises(DomainError, match="no approved report"):
        county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "15:00"))

    _approve_town(kind, people.lailongmen)
    town_day = county_day_approve(
        actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "15:00")
    )
    assert town_day.is_approved
    assert town_day.county_approved_by == people.liling
    assert ApprovalEvent.objects.filter(action="county_approved").count() == 1
    assert AuditEntry.objects.filter(detail__operation="county_approve").count() == 1
    with pytest.raises(DomainError) as again:
        county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY)
    assert again.value.code == "already_approved"


@pytest.mark.parametrize("who", ["town_officer", "lailongmen", "mafangtang"])
def test_only_county_officers_approve_a_towns_day(kind, people, who) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    _approve_town(kind, people.lailongmen)
    with pytest.raises(DomainError) as excinfo:
        county_day_approve(actor=getattr(people, who), kind=kind, town=village(LAILONGMEN), day=DAY)
    assert (excinfo.value.status, excinfo.value.code) == (403, "not_your_county")


def test_after_a_correction_reopens_the_day_the_county_must_approve_again(kind, people) -> None:  # type: ignore[no-untyped-def]
    town = village(LAILONGMEN)
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    _approve_town(kind, people.lailongmen)
    county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "15:00"))
    file(kind, people.mafangtang, MAFANGTANG, hhmm="16:00", new_lacking_care=1, reason="补报")
    with pytest.raises(DomainError, match="1 village of 来龙门街道"):
        county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "17:00"))
    assert _approve_town(kind, people.lailongmen) == 1
    county_day_approve(actor=people.liling, kind=kind, town=town, day=DAY, now=at(DAY, "18:00"))
    actions = list(
        ApprovalEvent.objects.filter(town=town, report__isnull=True).values_list(
            "action", flat=True
        )
    )
    assert actions == ["county_approved", "county_approved"]
    assert TownDay.objects.get(town=town, day=DAY).reopen_reason == "补报"


def test_other_towns_are_untouched(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    file(kind, people.guxian, "430281108200")
    _approve_town(kind, people.lailongmen)
    assert DailyReport.objects.get(village_id="430281108200").approved_at is None
    assert not TownDay.objects.filter(town_id=SHITING, county_approved_at__isnull=False).exists()
    assert not TownDay.objects.filter(town_id=LITIAN).exists()
