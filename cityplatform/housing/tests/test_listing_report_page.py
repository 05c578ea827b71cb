"""The public reports a false listing from its page: the report waits for the
district's staff; bad input is a 400 with the form's errors and stores nothing."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from cityplatform.housing import services
from cityplatform.housing.models import FalseListingReport, Listing
from cityplatform.housing.tests.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _full_budget() -> Iterator[None]:
    # Reports are throttled in the cache: every test starts with a full budget.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(make_listing: Any) -> Listing:
    return publish(make_listing())


def url(listing: Listing) -> str:
    return f"/housing/{listing.pk}/report/"


def test_the_listing_page_leads_to_the_report_form(client, home) -> None:  # type: ignore[no-untyped-def]
    assert url(home) in client.get(f"/housing/{home.pk}/").content.decode()
    page = client.get(url(home)).content.decode()
    assert 'class="report-form"' in page
    assert "金涛小区" in page


def test_a_report_is_stored_for_the_staff(client, home) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        url(home),
        {
            "reason": "这套房上个月已经卖了",
            "reporter_name": "热心市民",
            "reporter_phone": "139 0733 1234",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/housing/{home.pk}/"
    report = FalseListingReport.objects.get()
    assert (report.listing, report.reason, report.reporter_phone, report.status) == (
        home,
        "这套房上个月已经卖了",
        "13907331234",
        FalseListingReport.Status.OPEN,
    )
    page = client.get(response["Location"]).content.decode()
    assert 'class="messages"' in page
    assert "13907331234" not in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"reason": "假的", "reporter_phone": "12345"}, "reporter_phone"),
        ({"reason": "x" * 2001}, "reason"),
    ],
)
def test_bad_reports_are_a_400_and_store_nothing(client, home, data, field) -> None:  # type: ignore[no-untyped-def]
    response = client.post(url(home), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not FalseListingReport.objects.exists()


def test_a_bot_filling_the_hidden_field_stores_nothing(client, home) -> None:  # type: ignore[no-untyped-def]
    response = client.post(url(home), {"reason": "spam", "website": "http://spam.example"})
    assert response.status_code == 302
    assert not FalseListingReport.objects.exists()


def test_a_home_off_the_market_cannot_be_reported(client, home, people) -> None:  # type: ignore[no-untyped-def]
    services.listing_withdraw(listing=home, actor=people.staff)
    assert client.get(url(home)).status_code == 404
    assert client.post(url(home), {"reason": "已下架"}).status_code == 404
    assert not FalseListingReport.objects.exists()


def test_reports_are_throttled_per_client_address(client, home) -> None:  # type: ignore[no-untyped-def]
    statuses = [client.post(url(home), {"reason": f"第{n}次"}).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert FalseListingReport.objects.count() == 5
    forged = client.post(url(home), {"reason": "再来"}, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert forged.status_code == 429
    assert client.post(url(home), {"reason": "邻居"}, REMOTE_ADDR="10.0.0.2").status_code == 302
