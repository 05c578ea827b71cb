"""Named people and listings for the housing tests.

`staff` works 天元区's listings, `city_staff` all of 株洲's, `liling_staff` only 醴陵's;
`stranger` is logged in without a housing role. `make_listing` creates a draft in
天元区's 金涛小区 (3室2厅1卫, 120 m², 80万) unless told otherwise; `publish` takes one
through submit and verification; `sell` sells a published one through a deal (the
only way a listing is sold).
"""

from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from cityplatform.housing import services
from cityplatform.housing.models import Community, Deal, Listing
from cityplatform.places.models import Place
from conftest import LILING, TIANYUAN, ZHUZHOU


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Messages are asserted in their English source form (the platform defaults to Chinese).
    with translation.override("en"):
        yield


@pytest.fixture
def live(django_capture_on_commit_callbacks: Any) -> Callable[[Callable[[], Any]], Any]:
    """Run a service and then the tasks it queued on commit (the immediate backend)."""

    def run(action: Callable[[], Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


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


def open_deal(listing: Listing, actor: Any, **kwargs: Any) -> Deal:
    """An offer on the published listing by 赵先生 at 78万, unless told otherwise."""
    values: dict[str, Any] = {
        "buyer_name": "赵先生",
        "buyer_phone": "13907331234",
        "agreed_price_yuan": "780000.00",
    }
    values.update(kwargs)
    return services.deal_open(listing=listing, actor=actor, **values)


def sell(listing: Listing, staff: Any, actor: Any = None, *, buyer_name: str = "买家") -> Deal:
    """Open a deal on the published listing at its price, looked after by `staff`, and
    take it to closed."""
    deal = open_deal(
        listing,
        actor,
        buyer_name=buyer_name,
        agreed_price_yuan=listing.price_yuan or 500_000,
        staff=staff,
    )
    for _step in range(4):
        services.deal_advance(deal=deal, actor=actor)
    listing.refresh_from_db()
    return deal
