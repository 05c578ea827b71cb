"""The community page: names, district, listings on the market, the median unit
price and its monthly trend (both the PostgreSQL and the Python path); and aliases
that change what search finds at once."""

import json
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection

from cityplatform.housing import services
from cityplatform.housing.community_selectors import (
    MonthPoint,
    community_price_trend,
    community_summary,
)
from cityplatform.housing.models import Community, Listing, ListingStatus
from cityplatform.housing.tests.conftest import publish, sell

pytestmark = pytest.mark.django_db
S = ListingStatus

# Both paths where the database has both; the Python one everywhere.
PATHS = [
    pytest.param(False, id="python"),
    pytest.param(True, id="postgresql", marks=pytest.mark.postgres),
]


def _path(in_database: bool) -> bool:
    if in_database and connection.vendor != "postgresql":
        pytest.skip("percentile_cont needs PostgreSQL")
    return in_database


@pytest.fixture
def history(make_listing: Any, people: Any) -> Community:
    """金涛小区: listings first listed in Jan 2024 (three), none in Feb, two in March
    (one of them 面议), and one in April since sold. Unit prices: 8000/9000/10001,
    then 7000 (+面议), then 9500."""

    def listed(when: datetime, price: int | None, area: str = "100", **kwargs: Any) -> Listing:
        listing = publish(make_listing(price_yuan=price, area_m2=area, **kwargs))
        Listing.objects.filter(pk=listing.pk).update(first_listed_at=when)
        return listing

    listed(datetime(2024, 1, 3, 2, tzinfo=UTC), 800_000, bedrooms=1)
    listed(datetime(2024, 1, 15, 2, tzinfo=UTC), 900_000, bedrooms=2)
    listed(datetime(2024, 1, 31, 15, 30, tzinfo=UTC), 1_000_100, bedrooms=3)  # local: 31 Jan 23:30
    # 29 Feb 20:00 UTC is 1 March 04:00 in 株洲: a March listing.
    listed(datetime(2024, 2, 29, 20, tzinfo=UTC), 700_000, bedrooms=4)
    listed(datetime(2024, 3, 20, 2, tzinfo=UTC), None, bedrooms=5)
    sold = listed(datetime(2024, 4, 2, 2, tzinfo=UTC), 950_000, bedrooms=6)
    sell(sold, people.staff)
    make_listing(bedrooms=7)  # a draft: never on the market, not in the trend
    return Community.objects.get(name="金涛小区")


@pytest.mark.parametrize("in_database", PATHS)
def test_the_monthly_trend(history, in_database) -> None:  # type: ignore[no-untyped-def]
    points = community_price_trend(history, in_database=_path(in_database))
    assert points == [
        MonthPoint(date(2024, 1, 1), 3, 9000),
        MonthPoint(date(2024, 2, 1), 0, None),
        MonthPoint(date(2024, 3, 1), 2, 7000),
        MonthPoint(date(2024, 4, 1), 1, 9500),
    ]


@pytest.mark.parametrize("in_database", PATHS)
def test_an_even_count_takes_the_mean_of_the_middle_two(make_listing, in_database) -> None:  # type: ignore[no-untyped-def]
    for bedrooms, price in ((1, 1_000_000), (2, 1_000_100)):  # 10000 and 10001 yuan/m²
        listing = publish(make_listing(price_yuan=price, area_m2="100", bedrooms=bedrooms))
    points = community_price_trend(listing.community, in_database=_path(in_database))
    assert [p.median_unit_price_yuan for p in points] == [10001]  # 10000.5, half up
    summary = community_summary(listing.community, in_database=in_database)
    assert (summary.listing_count, summary.median_unit_price_yuan) == (2, 10001)


@pytest.mark.parametrize("in_database", PATHS)
def test_summary_counts_what_is_on_the_market(history, in_database) -> None:  # type: ignore[no-untyped-def]
    summary = community_summary(history, in_database=_path(in_database))
    # Five published (the sold one and the draft are not): 8000, 9000, 10001, 7000, 面议.
    assert summary.listing_count == 5
    assert summary.median_unit_price_yuan == 8500


@pytest.mark.parametrize("in_database", PATHS)
def test_a_community_without_listings(community, in_database) -> None:  # type: ignore[no-untyped-def]
    assert community_price_trend(community, in_database=_path(in_database)) == []
    summary = community_summary(community, in_database=in_database)
    assert (summary.listing_count, summary.median_unit_price_yuan) == (0, None)


def test_the_page(client, history) -> None:  # type: ignore[no-untyped-def]
    services.community_alias_add(community=history, alias="金涛苑")
    response = client.get(f"/housing/community/{history.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "金涛小区" in page
    assert "金涛苑" in page
    assert "天元区" in page
    assert '<dd class="listing-count">5</dd>' in page
    assert 'class="median-price">8500' in page.replace(",", "")
    assert 'id="community-trend"' in page
    found = re.search(r'<script id="community-trend" type="application/json">(.*?)</script>', page)
    assert found is not None
    option = json.loads(found[1])
    assert option["xAxis"]["data"] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert option["series"][0]["data"] == [9000, None, 7000, 9500]
    assert option["series"][1]["data"] == [3, 0, 2, 1]
    assert "echarts.min.js" in page
    assert "<script>" not in page  # CSP: no inline scripts
    assert page.count('class="listing-link"') == 5
    assert "13873312345" not in page  # the owners' phone


def test_listing_pages_and_results_link_to_the_community(client, history) -> None:  # type: ignore[no-untyped-def]
    listing = Listing.objects.filter(status=S.PUBLISHED).first()
    assert listing is not None
    link = f'href="/housing/community/{history.pk}/"'
    assert link in client.get(f"/housing/{listing.pk}/").content.decode()
    assert link in client.get("/housing/").content.decode()


def test_an_unknown_community_is_404(client, places) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/housing/community/999999/").status_code == 404


def search(client: Any, q: str) -> set[int]:
    body = client.get("/api/housing/listings", {"q": q}).json()
    return {item["id"] for item in body["items"]}


def test_a_new_alias_finds_the_listings_at_once(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    first = publish(make_listing())
    second = publish(make_listing(bedrooms=2, area_m2="80", price_yuan=500_000))
    assert search(client, "涛园") == set()
    alias = services.community_alias_add(
        community=first.community, alias="涛园新村", actor=people.staff
    )
    assert search(client, "涛园新村") == {first.pk, second.pk}
    assert search(client, "涛园") == {first.pk, second.pk}  # a word of the alias
    services.community_alias_remove(alias=alias, actor=people.staff)
    assert search(client, "涛园新村") == set()
    assert search(client, "金涛小区") == {first.pk, second.pk}


def test_alias_changes_need_staff_of_the_district(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    listing = make_listing()
    with pytest.raises(PermissionDenied):
        services.community_alias_add(
            community=listing.community, alias="涛园", actor=people.liling_staff
        )
    alias = services.community_alias_add(community=listing.community, alias="涛园")
    with pytest.raises(PermissionDenied):
        services.community_alias_remove(alias=alias, actor=people.liling_staff)


def test_an_alias_from_an_import_reindexes_the_earlier_listings(client, places) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.places.models import Place
    from conftest import ZHUZHOU

    zhuzhou = Place.objects.get(code=ZHUZHOU)
    community, _created = services.community_get_or_create(name="老一医院宿舍", district=zhuzhou)
    listing = services.listing_create(
        community=community, actor=None, bedrooms=2, area_m2="58", price_yuan=360_000
    )
    services.listing_submit(listing=listing, actor=None)
    services.listing_publish(listing=listing, actor=None)
    assert search(client, "操坪小区") == set()
    services.community_get_or_create(name="老一医院宿舍(操坪小区)", district=zhuzhou)
    assert search(client, "操坪小区") == {listing.pk}


def test_renaming_a_community_reindexes_its_listings(client, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    community = listing.community
    services.community_save(
        community=Community.objects.get(pk=community.pk),
        name="金涛花园",
        place=community.place,
        actor=people.staff,
    )
    assert search(client, "金涛花园") == {listing.pk}


def test_a_new_name_adds_exactly_what_a_full_rebuild_would(make_listing) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.housing.models import ListingTerm
    from cityplatform.housing.services.search_index import community_reindex_listings

    listing = make_listing(description="二中附近, 家电齐全", features=["精装", "带车位"])
    make_listing(bedrooms=2, area_m2="80", price_yuan=500_000)
    services.community_alias_add(community=listing.community, alias="金涛小区二期(东区)")

    def index() -> set[tuple[int, str]]:
        rows = ListingTerm.objects.filter(listing__community=listing.community)
        return set(rows.values_list("listing_id", "term"))

    added = index()
    community_reindex_listings(listing.community)
    assert added == index()
