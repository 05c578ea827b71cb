"""The keyword index keeps its copies of status, place, bedrooms and price in step with
the listing, and search narrows a keyword by them; pages are read ids first."""

import importlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from cityplatform.housing import services
from cityplatform.housing.models import BuyerDemand, Listing, ListingTerm
from cityplatform.housing.search import ListingFilters, listing_search
from cityplatform.housing.tests.conftest import open_deal, publish
from cityplatform.housing.tests.demand_helpers import register
from cityplatform.places.models import Place
from conftest import TIANYUAN, ZHUZHOU

pytestmark = pytest.mark.django_db


def copies(listing: Listing) -> set[tuple[Any, ...]]:
    return set(
        ListingTerm.objects.filter(listing=listing).values_list(
            "published", "place_code", "bedrooms", "price_yuan"
        )
    )


def test_the_copies_follow_every_change(people, make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    assert copies(listing) == {(False, TIANYUAN, 3, 800_000)}
    publish(listing)
    assert copies(listing) == {(True, TIANYUAN, 3, 800_000)}
    services.listing_change_price(
        listing=listing, actor=people.staff, price_yuan=780_000, consigned_price_yuan=780_000
    )
    assert copies(listing) == {(True, TIANYUAN, 3, 780_000)}
    services.listing_update(listing=listing, actor=people.staff, bedrooms=4)
    assert copies(listing) == {(True, TIANYUAN, 4, 780_000)}
    deal = open_deal(listing, people.staff)  # under offer
    assert copies(listing) == {(False, TIANYUAN, 4, 780_000)}
    services.deal_fall_through(deal=deal, actor=people.staff, note="买家放弃")
    assert copies(listing) == {(True, TIANYUAN, 4, 780_000)}


def test_the_sort_key_copies_follow_the_listing(people, make_listing) -> None:  # type: ignore[no-untyped-def]
    def sort_copies(listing: Listing) -> set[tuple[Any, ...]]:
        return set(
            ListingTerm.objects.filter(listing=listing).values_list(
                "area_m2", "unit_price_yuan", "first_listed_at"
            )
        )

    listing = make_listing(area_m2="100")
    assert sort_copies(listing) == {(Decimal("100.00"), 8000, None)}
    publish(listing)
    listing.refresh_from_db()
    assert listing.first_listed_at is not None
    assert sort_copies(listing) == {(Decimal("100.00"), 8000, listing.first_listed_at)}
    services.listing_change_price(
        listing=listing, actor=people.staff, price_yuan=780_000, consigned_price_yuan=780_000
    )
    assert sort_copies(listing) == {(Decimal("100.00"), 7800, listing.first_listed_at)}
    services.listing_update(listing=listing, actor=people.staff, area_m2="120")
    assert sort_copies(listing) == {(Decimal("120.00"), 6500, listing.first_listed_at)}


def test_expiry_takes_the_listing_out_of_the_index(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    services.listing_expire_stale(now=timezone.now() + timedelta(days=31))
    assert copies(listing) == {(False, TIANYUAN, 3, 800_000)}


def test_a_community_moving_district_moves_the_copies(places: None) -> None:
    unknown = Place.objects.get(code=ZHUZHOU)
    community, _ = services.community_get_or_create(name="新小区", district=unknown)
    listing = services.listing_create(community=community, area_m2="90", price_yuan=500_000)
    assert {c[1] for c in copies(listing)} == {ZHUZHOU}
    services.community_get_or_create(name="新小区", district=Place.objects.get(code=TIANYUAN))
    assert {c[1] for c in copies(listing)} == {TIANYUAN}


def test_keyword_search_is_narrowed_by_district_price_and_rooms(make_listing) -> None:  # type: ignore[no-untyped-def]
    cheap = publish(
        make_listing(features=["家电齐全"], price_yuan=600_000, consigned_price_yuan=600_000)
    )
    dear = publish(make_listing(features=["家电齐全"], area_m2="130"))
    publish(make_listing(area_m2="100"))  # no such feature

    def found(**filters: Any) -> list[int]:
        return [x.pk for x in listing_search(ListingFilters(q="家电齐全", sort="price", **filters))]

    assert found() == [cheap.pk, dear.pk]
    assert found(max_price=700_000) == [cheap.pk]
    assert found(district=TIANYUAN, min_price=700_000) == [dear.pk]
    assert found(district="天元区", bedrooms=3) == [cheap.pk, dear.pk]
    assert found(bedrooms=2) == []
    assert found(district="430281000000") == []


def test_a_community_name_finds_its_listings(make_listing, community) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    services.community_alias_add(community=community, alias="金涛苑")
    for name in ("金涛小区", "金涛苑", " 金涛小区 "):
        assert [x.pk for x in listing_search(ListingFilters(q=name))] == [listing.pk]


def test_pages_are_read_ids_first_in_order(make_listing) -> None:  # type: ignore[no-untyped-def]
    listings = [
        publish(make_listing(area_m2=str(90 + i), price_yuan=p, consigned_price_yuan=p))
        for i, p in enumerate([900_000, 700_000, 800_000])
    ]
    results = listing_search(ListingFilters(sort="-price"))
    assert results.count() == 3
    page = results[0:2]
    assert isinstance(page, list)
    assert [x.pk for x in page] == [listings[0].pk, listings[2].pk]
    assert [x.pk for x in results[2:3]] == [listings[1].pk]
    assert page[0].community.name == "金涛小区"  # rows come with their community


def test_ad_phrases_are_whole_terms(make_listing) -> None:  # type: ignore[no-untyped-def]
    # 学区房 is one term (not 学区 + 房, which nearly every listing has); a phrase inside a
    # longer one (家电齐全 in 家具家电齐全) and the parts (家电) still find the listing.
    school = publish(make_listing(features=["学区房", "家具家电齐全"]))
    plain = publish(make_listing(features=["家电"], area_m2="100", description="近学区，新房"))
    terms = set(ListingTerm.objects.filter(listing=school).values_list("term", flat=True))
    assert {"学区房", "家具家电齐全", "家电齐全", "家电", "学区"} <= terms

    def found(q: str) -> set[int]:
        return {x.pk for x in listing_search(ListingFilters(q=q))}

    assert found("学区房") == {school.pk}
    assert found("家电齐全") == {school.pk}
    assert found("家电") == {school.pk, plain.pk}
    assert found("学区") == {school.pk, plain.pk}


def test_landmarks_are_whole_terms(make_listing) -> None:  # type: ignore[no-untyped-def]
    # 工业大学 is one term: an ad near an industrial park and a university is not near
    # 湖南工业大学. The parts still find both.
    near = publish(make_listing(description="步行五分钟到湖南工业大学，临近人民医院"))
    apart = publish(
        make_listing(area_m2="100", description="工业园旁，离大学城不远，人民路口，医院附近")
    )

    def found(q: str) -> set[int]:
        return {x.pk for x in listing_search(ListingFilters(q=q))}

    assert found("工业大学") == {near.pk}
    assert found("人民医院") == {near.pk}
    assert found("工业大学 人民医院") == {near.pk}
    assert found("大学") == {near.pk, apart.pk}
    assert found("医院") == {near.pk, apart.pk}


def test_the_landmark_reindex_migration_adds_the_landmarks(make_listing) -> None:  # type: ignore[no-untyped-def]
    migration = importlib.import_module("cityplatform.housing.migrations.0011_landmarks_as_terms")
    listing = publish(make_listing(description="临近湖南工业大学"))
    demand = register(keywords="工业大学")
    expected = set(ListingTerm.objects.filter(listing=listing).values_list("term", flat=True))
    assert {"工业大学", "湖南工业大学"} <= expected
    # An index built before the landmarks were terms.
    ListingTerm.objects.filter(listing=listing, term__in=["工业大学", "湖南工业大学"]).delete()
    BuyerDemand.objects.filter(pk=demand.pk).update(
        match_terms={"features": {}, "keywords": ["工业", "大学"]}
    )
    for operation in migration.Migration.operations:
        operation.code(apps, None)  # type: ignore[attr-defined]
    assert set(ListingTerm.objects.filter(listing=listing).values_list("term", flat=True)) == (
        expected
    )
    demand.refresh_from_db()
    assert demand.match_terms["keywords"] == ["工业大学"]


def test_the_reindex_migration_gives_what_the_services_give(make_listing) -> None:  # type: ignore[no-untyped-def]
    migration = importlib.import_module(
        "cityplatform.housing.migrations.0009_search_phrases_as_terms"
    )
    listing = publish(make_listing(features=["学区房", "家电齐全"], description="近二中"))
    demand = register(features=["家电齐全"], keywords="二中")
    expected = set(ListingTerm.objects.filter(listing=listing).values_list("term", "published"))
    # An index built before the phrases were terms: 学区房 was 学区 + 房.
    ListingTerm.objects.filter(listing=listing, term__in=["学区房", "家电齐全"]).delete()
    BuyerDemand.objects.filter(pk=demand.pk).update(
        match_terms={"features": {"家电齐全": ["家电", "齐全"]}, "keywords": ["二中"]}
    )
    migration.reindex_listings(apps, None)
    migration.rematch_demands(apps, None)
    assert (
        set(ListingTerm.objects.filter(listing=listing).values_list("term", "published"))
        == expected
    )
    demand.refresh_from_db()
    assert demand.match_terms["features"] == {"家电齐全": ["家电齐全"]}
    assert {key.terms for key in demand.match_keys.all()} == {
        '{"features": {"家电齐全": ["家电齐全"]}, "keywords": ["二中"]}'
    }
