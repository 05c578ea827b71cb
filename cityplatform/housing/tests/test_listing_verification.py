"""True listings (真房源): area within ±1 m² of the deed, layout as the deed says, price
within ±3 % of the owner's consigned price; otherwise refused with the reasons."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import ListingEvent, ListingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(make_listing, people):  # type: ignore[no-untyped-def]
    def make(**kwargs):  # type: ignore[no-untyped-def]
        listing = make_listing(**kwargs)
        return services.listing_submit(listing=listing, actor=people.staff)

    return make


def _verify(listing, actor, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "deed_area_m2": "120",
        "bedrooms": 3,
        "living_rooms": 2,
        "bathrooms": 1,
        "consigned_price_yuan": 800_000,
    }
    values.update(overrides)
    return services.listing_verify(listing=listing, actor=actor, **values)


@pytest.mark.parametrize("deed", ["119", "121", "120.5", "119.00"])
def test_area_within_one_square_metre_passes(pending, people, deed) -> None:  # type: ignore[no-untyped-def]
    listing = _verify(pending(), people.staff, deed_area_m2=deed)
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.verified is True
    assert listing.verified_by == people.staff
    assert listing.verified_at == listing.first_listed_at


@pytest.mark.parametrize("deed", ["118.99", "121.01", "100"])
def test_area_further_off_fails(pending, people, deed) -> None:  # type: ignore[no-untyped-def]
    listing = pending()
    with pytest.raises(DomainError) as info:
        _verify(listing, people.staff, deed_area_m2=deed)
    assert info.value.code == "verification_failed"
    assert info.value.status == 409
    assert any("more than 1 m²" in r for r in info.value.details["reasons"])
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PENDING
    assert listing.verified is False
    assert not ListingEvent.objects.filter(listing=listing, to_status="published").exists()


@pytest.mark.parametrize("consigned", [800_000, 776_700, 824_742, 777_000, 824_000])
def test_price_within_three_percent_passes(pending, people, consigned) -> None:  # type: ignore[no-untyped-def]
    listing = _verify(pending(), people.staff, consigned_price_yuan=consigned)
    assert listing.verified
    assert listing.consigned_price_yuan == consigned


@pytest.mark.parametrize("consigned", [776_000, 825_000, 600_000])
def test_price_further_off_fails(pending, people, consigned) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        _verify(pending(), people.staff, consigned_price_yuan=consigned)
    assert any("3 %" in r for r in info.value.details["reasons"])


def test_the_stored_consigned_price_is_used_by_default(pending, people) -> None:  # type: ignore[no-untyped-def]
    listing = pending(consigned_price_yuan=790_000)
    assert _verify(listing, people.staff, consigned_price_yuan=None).verified
    unknown = pending(consigned_price_yuan=None, area_m2="60")
    with pytest.raises(DomainError) as info:
        _verify(unknown, people.staff, deed_area_m2="60", consigned_price_yuan=None)
    assert info.value.details["reasons"] == [
        "The owner's consigned price is needed to check the price."
    ]


@pytest.mark.parametrize(("room", "deed"), [("bedrooms", 2), ("living_rooms", 1), ("bathrooms", 2)])
def test_layout_must_match(pending, people, room, deed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        _verify(pending(), people.staff, **{room: deed})
    (reason,) = info.value.details["reasons"]
    assert "The listing has" in reason


def test_all_reasons_are_given_together(pending, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        _verify(pending(), people.staff, deed_area_m2="100", bedrooms=4, consigned_price_yuan=1)
    assert len(info.value.details["reasons"]) == 3
    assert "does not match the owner's documents" in info.value.message


def test_rooms_the_ad_left_open_come_from_the_deed(pending, people) -> None:  # type: ignore[no-untyped-def]
    listing = _verify(pending(bedrooms=None, living_rooms=None, bathrooms=None), people.staff)
    assert (listing.bedrooms, listing.living_rooms, listing.bathrooms) == (3, 2, 1)


def test_price_on_request_needs_no_consigned_price(pending, people) -> None:  # type: ignore[no-untyped-def]
    listing = _verify(pending(price_yuan=None), people.staff, consigned_price_yuan=None)
    assert listing.verified


def test_only_pending_listings_are_verified(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        _verify(make_listing(), people.staff)
    assert info.value.status == 409


@pytest.mark.parametrize("who", ["stranger", "liling_staff"])
def test_only_housing_staff_of_the_district_verify(pending, people, who) -> None:  # type: ignore[no-untyped-def]
    listing = pending()
    with pytest.raises(PermissionDenied):
        _verify(listing, getattr(people, who))
    assert _verify(listing, people.city_staff).verified


def test_impossible_deed_figures_are_refused(pending, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        _verify(pending(), people.staff, deed_area_m2="0", bedrooms=50)
    assert {"deed_area_m2", "bedrooms"} <= set(info.value.message_dict)


def test_verification_problems_is_a_plain_check(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    assert (
        services.verification_problems(
            listing,
            deed_area_m2=Decimal("121"),
            bedrooms=None,
            living_rooms=None,
            bathrooms=None,
            consigned_price_yuan=824_742,
        )
        == []
    )
