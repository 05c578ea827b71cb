"""Duplicates: the same home posted twice (same community, layout, floor, area within
1 %, price within 3 %) is flagged on submission and cannot be published until staff
clear the flag or withdraw it."""

import pytest
from django.core.exceptions import PermissionDenied

from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import ListingStatus
from cityplatform.housing.selectors import listing_duplicates
from cityplatform.housing.tests.conftest import publish, sell
from cityplatform.places.models import Place
from conftest import TIANYUAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(make_listing):  # type: ignore[no-untyped-def]
    return publish(make_listing(floor=6))


def _submit(make_listing, **kwargs):  # type: ignore[no-untyped-def]
    return services.listing_submit(listing=make_listing(**kwargs), actor=None)


@pytest.mark.parametrize(
    "same",
    [
        {},
        {"area_m2": "121.2", "price_yuan": 824_000},  # +1 %, +3 %
        {"area_m2": "118.8", "price_yuan": 776_000},  # -1 %, -3 %
        {"floor": None},  # floor unknown on one side
        {"bathrooms": None},
        {"price_yuan": None},  # 面议 matches any price
    ],
)
def test_the_same_home_is_flagged(make_listing, original, same) -> None:  # type: ignore[no-untyped-def]
    values = {"floor": 6, **same}
    listing = _submit(make_listing, **values)
    assert listing.status == ListingStatus.PENDING
    assert listing.possible_duplicate_of == original
    assert "Possible duplicate of listing" in listing.events.last().note


@pytest.mark.parametrize(
    "other",
    [
        {"area_m2": "121.3"},
        {"price_yuan": 825_000},
        {"price_yuan": 775_000},
        {"floor": 7},
        {"bedrooms": 2},
        {"living_rooms": 1},
        {"bathrooms": 2},
    ],
)
def test_another_home_is_not(make_listing, original, other) -> None:  # type: ignore[no-untyped-def]
    listing = _submit(make_listing, **{"floor": 6, **other})
    assert listing.possible_duplicate_of is None


def test_another_community_is_not(make_listing, original) -> None:  # type: ignore[no-untyped-def]
    elsewhere = services.community_get_or_create(
        name="湘银星城", district=Place.objects.get(code=TIANYUAN)
    )[0]
    assert _submit(make_listing, community=elsewhere, floor=6).possible_duplicate_of is None


def test_final_and_draft_listings_are_not_compared(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    sold = publish(make_listing())
    sell(sold, people.staff)
    make_listing()  # a draft nobody submitted
    assert _submit(make_listing).possible_duplicate_of is None


def test_a_flagged_listing_waits_for_staff(make_listing, original, people) -> None:  # type: ignore[no-untyped-def]
    listing = _submit(make_listing, floor=6)
    for service in (services.listing_publish, services.listing_verify):
        kwargs = {"deed_area_m2": "120"} if service is services.listing_verify else {}
        with pytest.raises(DomainError) as info:
            service(listing=listing, actor=people.staff, **kwargs)
        assert info.value.code == "possible_duplicate"
        assert info.value.status == 409
    with pytest.raises(PermissionDenied):
        services.listing_duplicate_clear(listing=listing, actor=people.liling_staff)
    services.listing_duplicate_clear(listing=listing, actor=people.staff, note="两套房, 不同单元")
    assert listing.possible_duplicate_of is None
    note = listing.events.last().note
    assert f"Not the same home as listing #{original.pk}." in note
    assert "不同单元" in note
    services.listing_publish(listing=listing, actor=people.staff)
    assert listing.status == ListingStatus.PUBLISHED
    with pytest.raises(DomainError) as info:
        services.listing_duplicate_clear(listing=listing, actor=people.staff)
    assert info.value.code == "not_flagged"


def test_staff_may_withdraw_the_duplicate_instead(make_listing, original, people) -> None:  # type: ignore[no-untyped-def]
    listing = _submit(make_listing, floor=6)
    services.listing_withdraw(listing=listing, actor=people.staff, note="重复房源")
    assert listing.status == ListingStatus.WITHDRAWN


def test_relisting_is_checked_too(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    first = publish(make_listing())
    services.listing_withdraw(listing=first, actor=people.staff)
    second = publish(make_listing())  # posted anew while the first was off the market
    services.listing_relist(listing=first, actor=people.staff)
    assert first.possible_duplicate_of == second
    assert list(listing_duplicates(first)) == [second]
