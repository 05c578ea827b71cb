"""Search pages: the count stops at a cap, and a capped search's pages, found by walking
the listings in order, are exactly the pages the sorted matches give."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cityplatform.housing import search_results
from cityplatform.housing.models import Listing
from cityplatform.housing.search import (
    SORTS,
    ListingFilters,
    listing_search,
    listing_search_results,
)
from cityplatform.housing.services.search_index import listing_terms_sync
from cityplatform.housing.tests.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(make_listing: Any) -> list[Listing]:
    """24 published homes: prices, areas and rooms in a spread, some features, and
    first-listed times with ties (so the id decides between them)."""
    homes = []
    for n in range(24):
        features = ["家电齐全"] if n % 3 == 0 else (["精装修"] if n % 3 == 1 else [])
        homes.append(
            publish(
                make_listing(
                    bedrooms=2 + n % 3,
                    area_m2=str(70 + (n * 7) % 60),
                    price_yuan=400_000 + (n * 37_000) % 500_000,
                    consigned_price_yuan=400_000 + (n * 37_000) % 500_000,
                    features=features,
                    description=f"第{n}套",
                )
            )
        )
    now = timezone.now()
    for n, home in enumerate(homes):
        home.first_listed_at = now - timedelta(days=n // 2)
        home.save(update_fields=["first_listed_at"])
        listing_terms_sync(home)  # the index's copy of the sort key
    return homes


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_results, "COUNT_CAP", 4)
    monkeypatch.setattr(search_results, "WALK_FIRST_CHUNK", 3)
    monkeypatch.setattr(search_results, "WALK_MAX_CHUNK", 5)


FILTERS = [
    {},
    {"bedrooms": 3},
    {"min_price": 500_000, "max_price": 800_000},
    {"q": "家电齐全"},
    {"q": "家电齐全", "min_area": 80},
    {"q": "家电齐全", "bedrooms": 2, "max_price": 800_000},
    {"q": "金涛小区 家电齐全"},
]


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("given", FILTERS)
# The walk probes the term index for each walked id, or reads the rarest term's
# postings once (after its first chunk, with PROBES_PER_POSTING 0).
@pytest.mark.parametrize("probes_per_posting", [1e9, 0.0])
def test_walked_pages_are_the_sorted_pages(
    market, small_cap, sort, given, probes_per_posting, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        search_results,
        "PROBES_PER_POSTING",
        dict.fromkeys(["sqlite", "postgresql"], probes_per_posting),
    )
    filters = ListingFilters(sort=sort, **given)
    expected = list(listing_search(filters).values_list("pk", flat=True))
    results = listing_search_results(filters)
    assert results.capped
    for start, stop in [(0, 3), (3, 6), (6, 9), (0, 30)]:
        assert [x.pk for x in results[start:stop]] == expected[start:stop], (start, stop)


def test_the_count_is_exact_below_the_cap(market, small_cap) -> None:  # type: ignore[no-untyped-def]
    results = listing_search_results(ListingFilters(community="金涛小区", min_price=880_000))
    expected = listing_search(ListingFilters(community="金涛小区", min_price=880_000)).count()
    assert 0 < expected < 4
    assert results.count() == expected
    assert not results.capped


def test_a_deep_page_past_the_walk_limit_is_sorted_instead(market, small_cap, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search_results, "WALK_LIMIT", 6)
    filters = ListingFilters(q="家电齐全", sort="price")
    expected = list(listing_search(filters).values_list("pk", flat=True))
    assert [x.pk for x in listing_search_results(filters)[4:8]] == expected[4:8]


def test_the_api_and_the_page_say_when_the_count_stopped(client, market, small_cap) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/housing/listings", {"bedrooms": 3}).json()
    assert body["count"] == 4
    assert body["count_capped"] is True
    assert len(body["items"]) == 8  # a page shows all it finds, the count stops at the cap
    page = client.get("/housing/", {"bedrooms": 3})
    assert "共4+套房源" in page.content.decode()
    narrow = client.get("/api/housing/listings", {"community": "金涛小区", "min_price": 880_000})
    assert narrow.json()["count_capped"] is False


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("q", ["", "家电齐全"])
def test_narrow_pages_are_the_sorted_pages(market, make_listing, sort, q) -> None:  # type: ignore[no-untyped-def]
    # A 面议 home too: its missing price sorts where the database puts NULL (in the
    # listings and in the postings' copies alike).
    publish(
        make_listing(
            price_yuan=None, consigned_price_yuan=None, area_m2="95", features=["家电齐全"]
        )
    )
    filters = ListingFilters(sort=sort, q=q)
    expected = list(listing_search(filters).values_list("pk", flat=True))
    results = listing_search_results(filters)
    assert not results.capped
    assert [x.pk for x in results[0:30]] == expected
    assert [x.pk for x in results[5:10]] == expected[5:10]
