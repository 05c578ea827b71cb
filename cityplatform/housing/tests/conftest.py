"""Named people and listings for the housing tests.

`staff` works 天元区's listings, `city_staff` all of 株洲's, `liling_staff` only 醴陵's;
`stranger` is logged in without a housing role. `make_listing` creates a draft in
天元区's 金涛小区 (3室2厅1卫, 120 m², 80万) unless told otherwise; `publish` takes one
through submit and verification.
"""

from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from cityplatform.housing import services
from cityplatform.housing.models import Community, Listing
from cityplatform.places.models import Place
from conftest import LILING, TIANYUAN, ZHUZHOU


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Messages are asserted in their English source form (the platform defaults to Chinese).
    with translation.override("en"):
        yield


@pytest.fixture
def people(make_user: Any) -> SimpleNamespace:
    return SimpleNamespace(
        staff=make_user("tystaff", roles=["housing_staff"], place=TIANYUAN, is_staff=True),
        city_staff=make_user("fangchan", roles=["housing_staff"], place=ZHUZHOU, is_staff=True),
        liling_staff=make_user("llstaff", roles=["housing_staff"], place=LILING, is_staff=True),
        stranger=make_user("stranger", place=ZHUZHOU),
    )


@pytest.fixture
def community(places: None) -> Community:
    return services.community_get_or_create(
        name="金涛小区", district=Place.objects.get(code=TIANYUAN)
    )[0]


@pytest.fixture
def make_listing(community: Community) -> Callable[..., Listing]:
    def make(**kwargs: Any) -> Listing:
        values: dict[str, Any] = {
            "community": community,
            "actor": None,
            "bedrooms": 3,
            "living_rooms": 2,
            "bathrooms": 1,
            "area_m2": "120",
            "price_yuan": 800_000,
            "consigned_price_yuan": 800_000,
            "owner_name": "王先生",
            "owner_phone": "13873312345",
        }
        values.update(kwargs)
        return services.listing_create(**values)

    return make


def publish(listing: Listing, actor: Any = None) -> Listing:
    """Submit and verify against the listing's own figures."""
    services.listing_submit(listing=listing, actor=actor)
    return services.listing_verify(
        listing=listing,
        actor=actor,
        deed_area_m2=listing.area_m2,
        bedrooms=listing.bedrooms,
        living_rooms=listing.living_rooms,
        bathrooms=listing.bathrooms,
        consigned_price_yuan=listing.price_yuan,
    )
