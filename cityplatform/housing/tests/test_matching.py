"""Matching both ways: hard criteria, score and reasons, and agreement with the naive
evaluation of every demand (reverse) and every listing (forward)."""

import itertools
import random
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from cityplatform.housing import services
from cityplatform.housing.matching import forward
from cityplatform.housing.matching.criteria import (
    PRICE_WEIGHT,
    Criteria,
    fits,
    price_points,
    reasons_text,
    score,
)
from cityplatform.housing.matching.forward import listings_for_demand, price_ceiling
from cityplatform.housing.matching.reverse import criteria_of, demands_for_listing, listing_facts
from cityplatform.housing.models import BuildingType, BuyerDemand, Listing
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.demand_helpers import register
from cityplatform.places.models import Place
from conftest import LILING, TIANYUAN

pytestmark = pytest.mark.django_db


def found(listing: Listing) -> set[int]:
    return {m.demand_id for m in demands_for_listing(listing)}


def test_a_listing_finds_demands_by_district_community_or_anywhere(  # type: ignore[no-untyped-def]
    make_listing, community
) -> None:
    listing = publish(make_listing(features=["家电齐全"]))
    in_district = register()
    in_community = register(districts=[], communities=["金涛小区"])
    anywhere = register(districts=[])
    elsewhere = register(districts=[LILING])
    assert found(listing) == {in_district.pk, in_community.pk, anywhere.pk}
    assert elsewhere.pk not in found(listing)


@pytest.mark.parametrize(
    "changes",
    [
        {"budget_max_yuan": 790_000},
        {"budget_min_yuan": 810_000, "budget_max_yuan": 900_000},
        {"bedrooms_min": 4, "bedrooms_max": 5},
        {"bedrooms_max": 2},
        {"area_min_m2": 121},
        {"area_max_m2": "119.99"},
        {"building_types": [BuildingType.VILLA, BuildingType.DUPLEX]},
    ],
)
def test_hard_criteria_filter(make_listing, changes) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())  # 3室, 120 m², 80万, residential
    assert register(**changes).pk not in found(listing)


def test_edges_of_every_range_fit(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    demand = register(
        budget_min_yuan=800_000,
        budget_max_yuan=800_000,
        bedrooms_min=3,
        bedrooms_max=3,
        area_min_m2=120,
        area_max_m2=120,
        building_types=[BuildingType.RESIDENTIAL],
    )
    assert found(listing) == {demand.pk}


def test_unpublished_listings_and_paused_demands_do_not_match(people, make_listing) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    draft = make_listing()
    assert demands_for_listing(draft) == []
    listing = publish(make_listing(area_m2="100"))
    services.demand_set_status(demand=demand, actor=people.staff, status="paused")
    assert demands_for_listing(listing) == []


def test_a_listing_without_price_or_layout_fits_only_open_bounds(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing(price_yuan=None, bedrooms=None, consigned_price_yuan=None))
    register()  # has a budget and a bedroom range
    loose = register(
        budget_min_yuan=None, budget_max_yuan=None, bedrooms_min=None, bedrooms_max=None
    )
    assert found(listing) == {loose.pk}


def test_score_and_reasons_in_chinese(make_listing, community) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing(features=["家电齐全"], description="近二中，交通方便"))
    demand = register(communities=["金涛小区"], features=["家电齐全", "电梯"], keywords="二中 地铁")
    (match,) = demands_for_listing(listing)
    codes = [r["code"] for r in match.reasons]
    assert codes == [
        "community", "within_budget", "bedrooms", "feature", "feature_missing", "keyword",
        "new", "verified",
    ]  # fmt: skip
    # community 15, price (100万-80万)/(100万-70万) of 15 = 10, one feature of two 15,
    # one keyword of two 7, new 10, verified 15
    assert match.score == 15 + 10 + 15 + 7 + 10 + 15
    with translation.override("zh-hans"):
        texts = reasons_text(match.reasons)
    assert "位于指定小区：金涛小区" in texts
    assert "总价在预算内" in texts
    assert "满足必备特色：家电齐全" in texts
    assert "符合关键词：二中" in texts
    assert demand.pk == match.demand_id


def test_freshness_and_verification_count(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    demand = register()
    facts = listing_facts(listing)
    later = timezone.now() + timedelta(days=10)
    assert score(criteria_of(demand), facts, now=later).score + 10 == (
        score(criteria_of(demand), facts, now=timezone.now()).score
    )


# --- Agreement with the naive way, over random data ----------------------------------

FEATURES = ["家电齐全", "电梯", "学区房", "拎包入住", "车位", "南北通透"]
WORDS = ["二中", "地铁", "公园", "医院", "商圈"]


@pytest.fixture
def world(people: Any, places: None) -> dict[str, Any]:
    rng = random.Random(7)
    districts = list(Place.objects.filter(code__in=[TIANYUAN, LILING, "430202000000"]))
    communities = [
        services.community_get_or_create(name=f"测试{i}小区", district=rng.choice(districts))[0]
        for i in range(6)
    ]
    listings = []
    for _ in range(40):
        price = rng.randrange(30, 200) * 10_000
        listing = services.listing_create(
            community=rng.choice(communities),
            area_m2=rng.randrange(40, 200),
            bedrooms=rng.choice([None, 1, 2, 3, 4]),
            building_type=rng.choice([BuildingType.RESIDENTIAL, BuildingType.APARTMENT]),
            price_yuan=rng.choice([price, price, price, None]),
            consigned_price_yuan=price,
            features=rng.sample(FEATURES, rng.randrange(0, 3)),
            description=" ".join(rng.sample(WORDS, 2)),
        )
        services.listing_submit(listing=listing, actor=None)
        if rng.random() < 0.8:
            listing = services.listing_publish(listing=listing, actor=None)
        listings.append(listing)
    demands = []
    for index in range(60):
        low = rng.choice([None, rng.randrange(30, 120) * 10_000])
        anywhere = rng.random() < 0.2
        places = [] if anywhere else rng.sample(districts, rng.randrange(0, 2))
        demands.append(
            services.demand_register(
                buyer_name=f"买家{index}",
                buyer_phone="13900000000",
                districts=places,
                communities=(
                    []
                    if anywhere
                    else rng.sample(communities, rng.randrange(0 if places else 1, 3))
                ),
                budget_min_yuan=low,
                budget_max_yuan=rng.choice(
                    # Anywhere needs a ceiling.
                    [*([] if anywhere else [None]), (low or 0) + rng.randrange(10, 90) * 10_000]
                ),
                bedrooms_min=rng.choice([None, 1, 2]),
                bedrooms_max=rng.choice([None, 3, 4]),
                area_min_m2=rng.choice([None, 50, 80]),
                building_types=rng.choice([[], [BuildingType.RESIDENTIAL]]),
                features=rng.sample(FEATURES, rng.randrange(0, 3)),
                keywords=" ".join(rng.sample(WORDS, rng.randrange(0, 2))),
            )
        )
    for demand in rng.sample(demands, 10):
        services.demand_set_status(demand=demand, actor=None, status="paused")
    # A market of old and new, verified and not: the demand match's probe of new
    # listings then finds some, all or none of its top N.
    now = timezone.now()
    for listing in listings:
        if rng.random() < 0.6:
            Listing.objects.filter(pk=listing.pk).update(
                first_listed_at=now - timedelta(days=rng.randrange(8, 300)),
                refreshed_at=now - timedelta(days=rng.randrange(0, 20)),
            )
        if listing.status == "published" and rng.random() < 0.5:
            Listing.objects.filter(pk=listing.pk).update(verified=True, verified_at=now)
    return {"listings": listings, "demands": demands}


def test_reverse_match_agrees_with_evaluating_every_demand(world) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    demands = [criteria_of(d) for d in BuyerDemand.objects.filter(status="open")]
    checked = 0
    for listing in Listing.objects.select_related("community", "place"):
        facts = listing_facts(listing)
        expected = (
            {c.demand_id: score(c, facts, now=now) for c in demands if fits(c, facts)}
            if listing.status == "published"
            else {}
        )
        got = {m.demand_id: m for m in demands_for_listing(listing, now=now)}
        assert set(got) == set(expected), listing.pk
        for demand_id, match in got.items():
            assert (match.score, match.reasons) == (
                expected[demand_id].score,
                expected[demand_id].reasons,
            )
        checked += len(got)
    assert checked > 20  # the random world has real matches to compare


def test_demand_match_agrees_with_scoring_every_listing(world) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    published = [listing_facts(x) for x in Listing.objects.filter(status="published")]
    first_listed = {f.listing_id: f.first_listed_at for f in published}
    compared = 0
    # A short list prunes hardest: its floor is the best few scores.
    for demand, limit in itertools.product(BuyerDemand.objects.all(), (1, 2, 5)):
        criteria = criteria_of(demand)
        naive = sorted(
            (score(criteria, f, now=now) for f in published if fits(criteria, f)),
            key=lambda m: (-m.score, -first_listed[m.listing_id].timestamp(), -m.listing_id),  # type: ignore[union-attr]
        )[:limit]
        ours = listings_for_demand(demand, limit=limit, now=now)
        assert [(m.listing_id, m.score) for _, m in ours] == [
            (m.listing_id, m.score) for m in naive
        ], (demand.pk, limit)
        assert [m.reasons for _, m in ours] == [m.reasons for m in naive]
        compared += len(ours)
    assert compared > 40


@given(
    low=st.one_of(st.none(), st.integers(0, 5_000_000)),
    span=st.integers(0, 5_000_000),
    needed=st.integers(-10, PRICE_WEIGHT),
    price=st.integers(0, 10_000_000),
)
def test_price_ceiling_is_exactly_where_the_price_share_drops_below_what_is_needed(
    low: int | None, span: int, needed: int, price: int
) -> None:
    high = (low or 0) + span
    criteria = Criteria(demand_id=1, budget_min=low, budget_max=high)
    besides = 10 + 15  # new and verified, the most an anywhere demand gives besides price
    ceiling = price_ceiling(criteria, needed + besides, shares=0)
    if not (low or 0) <= price <= high:
        return  # outside the budget nothing fits
    if ceiling is None:
        assert needed <= 0 or span == 0
    else:
        assert (price <= ceiling) == (price_points(price, low, high) >= needed)


def test_a_demand_ranks_only_homes_cheap_enough_to_beat_its_best_new_ones(  # type: ignore[no-untyped-def]
    make_listing, monkeypatch
) -> None:
    # Three new verified homes at the bottom of the budget score 8 + 10 + 15 + 15 = 48.
    # Older homes can earn at most 8 + 5 + 15 besides the price share, so only homes
    # whose share is 15 can tie them: the ranking reads only the cheap end.
    ceilings: list[int | None] = []

    real = forward.price_ceiling

    def spy(*args: Any, **kwargs: Any) -> int | None:
        ceilings.append(real(*args, **kwargs))
        return ceilings[-1]

    monkeypatch.setattr(forward, "price_ceiling", spy)
    now = timezone.now()
    for index in range(3):
        publish(make_listing(area_m2=str(70 + 9 * index), price_yuan=700_000))
    older = [
        publish(make_listing(area_m2=str(100 + 9 * index), price_yuan=price))
        for index, price in enumerate([701_000, 705_000, 800_000, 900_000, 990_000])
    ]
    Listing.objects.filter(pk__in=[x.pk for x in older]).update(
        first_listed_at=now - timedelta(days=90), refreshed_at=now - timedelta(days=1)
    )
    demand = register(bedrooms_min=None, bedrooms_max=None)
    criteria = criteria_of(demand)
    published = [listing_facts(x) for x in Listing.objects.filter(status="published")]
    first_listed = {f.listing_id: f.first_listed_at.timestamp() for f in published}  # type: ignore[union-attr]
    naive = sorted(
        (score(criteria, f, now=now) for f in published if fits(criteria, f)),
        key=lambda m: (-m.score, -first_listed[m.listing_id], -m.listing_id),
    )
    ours = listings_for_demand(demand, limit=3, now=now)
    assert [m.listing_id for _, m in ours] == [m.listing_id for m in naive[:3]]
    assert ceilings == [700_000]  # a share of 15 needs 30万 below the 100万 ceiling
