"""The admin: housing staff see their district's listings, save through the services,
and move listings with the actions; reports are resolved there too."""

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.housing import services
from cityplatform.housing.models import Community, FalseListingReport, Listing, ListingStatus
from cityplatform.housing.tests.conftest import publish
from conftest import TIANYUAN

pytestmark = pytest.mark.django_db

LISTINGS = "/admin/housing/listing/"


def _form(listing: Listing, **overrides: str) -> dict[str, str]:
    data = {
        "building_type": listing.building_type,
        "description": "",
        "features": "[]",
        "bedrooms": "3",
        "living_rooms": "2",
        "bathrooms": "1",
        "area_m2": "120",
        "actual_area_m2": "",
        "floor": "",
        "total_floors": "",
        "decoration": "unknown",
        "price_yuan": "800000",
        "owner_name": "王先生",
        "owner_phone": "13873312345",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_staff_list_open_and_edit_their_listings(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    client.force_login(people.staff)
    assert str(listing.pk) in client.get(LISTINGS).content.decode()
    page = client.get(f"{LISTINGS}{listing.pk}/change/")
    assert page.status_code == 200
    assert "13873312345" in page.content.decode()
    assert AuditEntry.objects.filter(action="view", object_id=str(listing.pk)).exists()

    response = client.post(
        f"{LISTINGS}{listing.pk}/change/", _form(listing, price_yuan="780000", floor="5")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    listing.refresh_from_db()
    assert (listing.price_yuan, listing.floor, listing.unit_price_yuan) == (780_000, 5, 6500)
    assert [(e.old_price_yuan, e.new_price_yuan) for e in listing.events.all()][-1] == (
        800_000,
        780_000,
    )


def test_bad_values_are_form_errors(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    client.force_login(people.staff)
    response = client.post(
        f"{LISTINGS}{listing.pk}/change/", _form(listing, area_m2="0", owner_phone="123")
    )
    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.area_m2 == 120


def test_add_through_the_service(client, community, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    data = _form(Listing(), community=str(community.pk))
    response = client.post(f"{LISTINGS}add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    listing = Listing.objects.get()
    assert listing.place_id == TIANYUAN
    assert listing.unit_price_yuan == 6667
    assert listing.events.count() == 1


def test_other_districts_do_not_see_it(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    client.force_login(people.liling_staff)
    assert client.get(f"{LISTINGS}{listing.pk}/change/").status_code == 302  # "does not exist"
    assert client.get(LISTINGS).context["cl"].result_count == 0
    client.force_login(people.city_staff)
    assert client.get(LISTINGS).context["cl"].result_count == 1


def test_actions_move_listings(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    client.force_login(people.staff)
    for action in ("submit", "publish", "withdraw"):
        client.post(LISTINGS, {"action": action, "_selected_action": [str(listing.pk)]})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.WITHDRAWN
    response = client.post(
        LISTINGS, {"action": "publish", "_selected_action": [str(listing.pk)]}, follow=True
    )
    assert "不能变为" in response.content.decode()


def test_reports_are_resolved_by_action(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    report = services.false_listing_report_submit(
        listing=listing, reason="已售", reporter_phone="13907331234"
    )
    client.force_login(people.staff)
    page = client.get("/admin/housing/falselistingreport/").content.decode()
    assert "139****1234" in page
    client.post(
        "/admin/housing/falselistingreport/",
        {"action": "uphold", "_selected_action": [str(report.pk)]},
    )
    report.refresh_from_db()
    assert report.status == FalseListingReport.Status.RESOLVED
    listing.refresh_from_db()
    assert listing.status == ListingStatus.WITHDRAWN


def test_communities_and_aliases_in_the_admin(client, people, places) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    response = client.post(
        "/admin/housing/community/add/",
        {
            "name": "老一医院宿舍",
            "place": TIANYUAN,
            "address": "",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "aliases-0-alias": "操坪小区",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    community = Community.objects.get()
    assert community.key == "老一医院宿舍"
    assert [a.key for a in community.aliases.all()] == ["操坪小区"]


def test_under_offer_cannot_be_set_by_hand_in_the_admin(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    # Status is read-only on the change form, and no action puts a listing under offer:
    # only a deal opening does (services.deal_open).
    listing = publish(make_listing())
    client.force_login(people.staff)
    response = client.post(
        f"{LISTINGS}{listing.pk}/change/", _form(listing, status=ListingStatus.UNDER_OFFER)
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    response = client.post(
        LISTINGS, {"action": "mark_under_offer", "_selected_action": [str(listing.pk)]}
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
