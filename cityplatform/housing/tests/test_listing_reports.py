"""The public reports a false listing; staff resolve the report."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import FalseListingReport, ListingStatus
from cityplatform.housing.selectors import false_listing_reports_for_staff, listings_public
from cityplatform.housing.tests.conftest import publish

pytestmark = pytest.mark.django_db
Status = FalseListingReport.Status


@pytest.fixture
def report(make_listing):  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    return services.false_listing_report_submit(
        listing=listing,
        reason="打电话说已经卖掉了",
        reporter_name="李女士",
        reporter_phone="139 0733 1234",
    )


def test_a_report_is_queued_for_the_districts_staff(report, people) -> None:  # type: ignore[no-untyped-def]
    assert report.status == Status.OPEN
    assert report.reporter_phone == "13907331234"
    assert list(false_listing_reports_for_staff(people.staff)) == [report]
    assert list(false_listing_reports_for_staff(people.city_staff)) == [report]
    assert not false_listing_reports_for_staff(people.liling_staff).exists()
    assert not false_listing_reports_for_staff(people.stranger).exists()


def test_upheld_withdraws_the_listing(report, people) -> None:  # type: ignore[no-untyped-def]
    services.false_listing_report_resolve(
        report=report, actor=people.staff, upheld=True, note="业主确认已售"
    )
    report.refresh_from_db()
    assert (report.status, report.upheld, report.resolved_by) == (
        Status.RESOLVED,
        True,
        people.staff,
    )
    listing = report.listing
    listing.refresh_from_db()
    assert listing.status == ListingStatus.WITHDRAWN
    assert listing.verified is False
    assert f"report #{report.pk}" in listing.events.last().note
    assert not listings_public().exists()
    assert not false_listing_reports_for_staff(people.staff).exists()


def test_not_upheld_keeps_the_listing(report, people) -> None:  # type: ignore[no-untyped-def]
    services.false_listing_report_resolve(report=report, actor=people.staff, upheld=False)
    assert report.status == Status.RESOLVED
    assert report.upheld is False
    assert listings_public().filter(pk=report.listing_id).exists()


def test_a_report_is_resolved_once(report, people) -> None:  # type: ignore[no-untyped-def]
    services.false_listing_report_resolve(report=report, actor=people.staff, upheld=False)
    with pytest.raises(DomainError) as info:
        services.false_listing_report_resolve(report=report, actor=people.staff, upheld=True)
    assert info.value.status == 409


@pytest.mark.parametrize("who", ["stranger", "liling_staff"])
def test_only_the_districts_staff_resolve(report, people, who) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.false_listing_report_resolve(
            report=report, actor=getattr(people, who), upheld=True
        )
    report.refresh_from_db()
    assert report.status == Status.OPEN


def test_bad_reports_are_refused(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    with pytest.raises(ValidationError) as info:
        services.false_listing_report_submit(listing=listing, reason=" ", reporter_phone="123")
    assert {"reason", "reporter_phone"} <= set(info.value.message_dict)
    draft = make_listing(area_m2="60")
    with pytest.raises(DomainError) as not_public:
        services.false_listing_report_submit(listing=draft, reason="假的")
    assert not_public.value.status == 404
    assert not FalseListingReport.objects.exists()
