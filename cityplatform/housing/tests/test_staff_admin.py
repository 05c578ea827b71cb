"""The admin of viewings and deals: the district's only, phones masked in lists and
audited in full, moved on by actions that call the services."""

from typing import Any

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.housing import services
from cityplatform.housing.models import Deal, DealStage, ListingStatus, Viewing, ViewingStatus
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.scheduling import days_ahead

pytestmark = pytest.mark.django_db

VIEWINGS = "/admin/housing/viewing/"
DEALS = "/admin/housing/deal/"


@pytest.fixture
def home(make_listing: Any) -> Any:
    return publish(make_listing())


@pytest.fixture
def viewing(home: Any, people: Any) -> Viewing:
    return services.viewing_book(
        listing=home,
        actor=people.staff,
        buyer_name="李女士",
        buyer_phone="13873312345",
        starts_at=days_ahead(1, 10),
    )


@pytest.fixture
def deal(make_listing: Any, people: Any) -> Deal:
    listing = publish(make_listing(bedrooms=2, area_m2="80", price_yuan=500_000))
    return services.deal_open(
        listing=listing,
        actor=people.staff,
        buyer_name="赵先生",
        buyer_phone="13907331234",
        agreed_price_yuan="490000",
    )


def test_viewings_of_the_district_with_masked_phones(client, viewing, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    page = client.get(VIEWINGS).content.decode()
    assert "138****2345" in page
    assert "13873312345" not in page
    detail = client.get(f"{VIEWINGS}{viewing.pk}/change/")
    assert "13873312345" in detail.content.decode()
    assert AuditEntry.objects.filter(
        action="view", object_type="housing.viewing", object_id=str(viewing.pk)
    ).exists()
    assert client.get(f"{VIEWINGS}add/").status_code == 403
    client.force_login(people.liling_staff)
    assert client.get(VIEWINGS).context["cl"].result_count == 0
    assert client.get(f"{VIEWINGS}{viewing.pk}/change/").status_code == 302  # "does not exist"


def test_viewing_actions(client, viewing, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    response = client.post(
        VIEWINGS, {"action": "mark_done", "_selected_action": [str(viewing.pk)]}, follow=True
    )
    assert "看房尚未开始" in response.content.decode()  # it is tomorrow
    client.post(VIEWINGS, {"action": "cancel", "_selected_action": [str(viewing.pk)]})
    viewing.refresh_from_db()
    assert viewing.status == ViewingStatus.CANCELLED


def test_deals_with_their_timeline_and_actions(client, deal, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    page = client.get(DEALS).content.decode()
    assert "139****1234" in page
    detail = client.get(f"{DEALS}{deal.pk}/change/").content.decode()
    assert "13907331234" in detail
    assert AuditEntry.objects.filter(action="view", object_type="housing.deal").exists()
    client.post(DEALS, {"action": "advance", "_selected_action": [str(deal.pk)]})
    deal.refresh_from_db()
    assert deal.stage == DealStage.CONTRACT
    client.post(DEALS, {"action": "fall_through", "_selected_action": [str(deal.pk)]})
    deal.refresh_from_db()
    assert deal.stage == DealStage.FALLEN_THROUGH
    deal.listing.refresh_from_db()
    assert deal.listing.status == ListingStatus.PUBLISHED
    response = client.post(
        DEALS, {"action": "advance", "_selected_action": [str(deal.pk)]}, follow=True
    )
    assert "已终止" in response.content.decode()
    client.force_login(people.liling_staff)
    assert client.get(DEALS).context["cl"].result_count == 0
