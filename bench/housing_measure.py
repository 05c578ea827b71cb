"""The measurements of bench/housing.py, each beside the naive way, in one process.

- search: 100 mixed queries down the code path of GET /api/housing/listings (its
  query schema, listing_search, the shared pagination, the item schema and the JSON
  text; the first 20 are checked against the real endpoint through the test client),
  after one untimed pass, timed in PASSES passes (p50 and p95 over every timing);
  naive: the same keyword queries as Django `icontains` over
  the published listings and their communities, count and first page.
- reverse: new listings published through the services, each matched against every
  open demand by housing.matching.reverse, PASSES times; naive: every open demand read and
  evaluated in Python (criteria.fits and score).
- demand: housing.matching.forward for sample demands, each PASSES times; naive: every published listing
  read and scored in Python (keywords as substrings of its text).

Before each, the database's files are read into the file cache (warm_database), so
every query is timed against memory, as on a running server, and not against what
the naive way of the measure before pushed out.
"""

import gc
import heapq
import json
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from bench.housing_data import FEATURES, LANDMARKS, World
from cityplatform.housing import services
from cityplatform.housing.api import ListingOut, ListingQuery, SearchPagination
from cityplatform.housing.matching.criteria import ListingFacts, fits, score
from cityplatform.housing.matching.forward import listings_for_demand
from cityplatform.housing.matching.reverse import criteria_of, demands_for_listing
from cityplatform.housing.models import BuyerDemand, Community, Listing
from cityplatform.housing.search import (
    SORTS,
    ListingFilters,
    listing_search,
    listing_search_results,
)
from cityplatform.places.models import Place

Timer = Callable[[], Any]
# Timed passes over the search queries and the sample demands (full size).
PASSES = 3


def _ms(action: Timer) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def _p(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(ours: list[float], naive: list[float] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"p50": _p(ours, 0.5), "p95": _p(ours, 0.95), "runs": len(ours), **extra}
    if naive:
        out["naive_p50"] = statistics.median(naive)
        out["naive_runs"] = len(naive)
        out["ratio"] = out["naive_p50"] / max(out["p50"], 1e-6)
    return out


# --- search --------------------------------------------------------------------------


def search_queries(world: World, count: int = 100) -> list[dict[str, Any]]:
    """What buyers type and tick, in these shares: 30 % a community's name, 20 % a
    feature in a district and price band, 10 % a landmark and a room count, 10 % a
    feature and a landmark, 25 % filters only (district, price, rooms, area, type),
    5 % browsing everything; every sort, now and then page 2 or 3."""
    rng = random.Random(99)
    names = [c[2] for c in world.communities.values()]
    features = [f for f, _ in FEATURES]
    queries: list[dict[str, Any]] = []

    def band(params: dict[str, Any]) -> None:
        district = rng.choice(world.districts)
        params.setdefault("district", district.code)
        per_m2 = world.district_price[params["district"]]
        low = rng.choice([50, 70, 90]) * per_m2 // 10_000 * 10_000
        params["min_price"], params["max_price"] = low, low * 2

    for number in range(count):
        kind = number % 20
        params: dict[str, Any] = {}
        if kind < 6:
            params["q"] = rng.choice(names)
            if rng.random() < 0.2:
                params["bedrooms"] = rng.choice([2, 3])
        elif kind < 10:
            params["q"] = rng.choice(features)
            band(params)
        elif kind < 12:
            params["q"] = rng.choice(LANDMARKS)
            params["bedrooms"] = rng.choice([2, 3])
            if rng.random() < 0.7:
                params["district"] = rng.choice(world.districts).code
        elif kind < 14:
            params["q"] = f"{rng.choice(features)} {rng.choice(LANDMARKS)}"
            if rng.random() < 0.5:
                band(params)
        elif kind < 19:
            if rng.random() < 0.85:
                params["district"] = rng.choice(world.districts).code
            if rng.random() < 0.8:
                band(params)
            if rng.random() < 0.6:
                params["bedrooms"] = rng.choice([2, 3, 4])
            if rng.random() < 0.2:
                params["min_area"], params["max_area"] = 80, 140
            if rng.random() < 0.1:
                params["building_type"] = rng.choice(["apartment", "duplex"])
        params["sort"] = rng.choice(list(SORTS))
        if kind == 19:
            params["sort"] = rng.choice(["newest", "price", "-price", "unit_price"])
            params["page"] = rng.choice([1, 2, 3])
        elif rng.random() < 0.15:
            params["page"] = 2
        queries.append(params)
    return queries


def api_search(params: dict[str, Any]) -> int:
    """GET /api/housing/listings without the HTTP layer: the endpoint's own schema
    validation, search, pagination and item schema, down to the JSON text."""
    values = dict(params)
    page = int(values.pop("page", 1))
    data = ListingQuery(**values).dict()
    data["building_type"] = data["building_type"] or ""
    data["decoration"] = data["decoration"] or ""
    pagination = SearchPagination()
    result = pagination.paginate_queryset(
        listing_search_results(ListingFilters(**data)),
        SearchPagination.Input(page=page, page_size=20),
        request=None,  # type: ignore[arg-type]
    )
    items = [ListingOut.from_orm(x).dict() for x in result["items"]]
    json.dumps({**result, "items": items}, default=str)
    return int(result["count"])


def naive_search(params: dict[str, Any]) -> int:
    """The search without an index: the filters, then icontains on every word."""
    fields = {k: v for k, v in params.items() if k in ListingFilters.__dataclass_fields__}
    qs = listing_search(replace(ListingFilters(**fields), q=""))
    for word in str(params.get("q", "")).split():
        qs = qs.filter(
            Q(community__name__icontains=word)
            | Q(community__aliases__alias__icontains=word)
            | Q(description__icontains=word)
        ).distinct()
    count = qs.count()
    list(qs[:20])
    return count


def measure_search(world: World, *, naive_runs: int, passes: int) -> dict[str, Any]:
    """`passes` timed passes over the queries: p50 and p95 are over every timing, so a
    burst of the machine's noise (a shared two-core host) weighs on a third of them."""
    queries = search_queries(world)
    client = Client()
    for params in queries[:20]:  # the real endpoint answers the same
        response = client.get("/api/housing/listings", params)
        assert response.status_code == 200, (params, response.content[:300])
        assert response.json()["count"] == api_search(params), params
    run = api_search
    for params in queries:  # warm the caches, as a running server would be
        run(params)
    timed = [
        [_ms(lambda p=params: run(p)) for params in queries]  # type: ignore[misc]
        for _ in range(passes)
    ]
    timings = timed[0]
    ours = [t for timing in timed for t, _ in timing]
    per_pass_p95 = [_p([t for t, _ in timing], 0.95) for timing in timed]
    keyword = [i for i, p in enumerate(queries) if p.get("q")]
    naive = [_ms(lambda p=queries[i]: naive_search(p))[0] for i in keyword[:naive_runs]]  # type: ignore[misc]
    # The ratio compares the same keyword queries both ways (each query's median).
    each = [statistics.median(timing[i][0] for timing in timed) for i in range(len(queries))]
    compared = [each[i] for i in keyword[: len(naive)]]
    keyword_ms = [timing[i][0] for timing in timed for i in keyword]
    results = {
        "search": _summary(
            ours,
            queries=len(queries),
            passes=passes,
            p95_per_pass=per_pass_p95,
            found_median=statistics.median(c for _, c in timings),
        ),
        "search_keywords": _summary(keyword_ms, queries=len(keyword)),
    }
    if naive:
        ratio = statistics.median(naive) / max(statistics.median(compared), 1e-6)
        for key in results:
            results[key].update(
                naive_p50=statistics.median(naive), naive_runs=len(naive), ratio=ratio
            )
    return results


# --- reverse matching ----------------------------------------------------------------


def _new_listing(world: World, rng: random.Random) -> Listing:
    community_id = rng.choice(list(world.communities))
    _place, per_m2, _name, _terms = world.communities[community_id]
    bedrooms = rng.choice([2, 3, 3, 4])
    area = Decimal(22 + 32 * bedrooms) * Decimal(str(round(rng.uniform(0.85, 1.2), 2)))
    price = int(area * per_m2) // 1000 * 1000
    listing = services.listing_create(
        community=Community.objects.get(pk=community_id),
        bedrooms=bedrooms,
        living_rooms=2,
        bathrooms=1,
        area_m2=area.quantize(Decimal("0.01")),
        price_yuan=price,
        consigned_price_yuan=price,
        features=rng.sample([f for f, _ in FEATURES], 2),
        description=f"近{rng.choice(LANDMARKS)}，业主诚心出售",
    )
    services.listing_submit(listing=listing, actor=None)
    if listing.possible_duplicate_of_id is not None:  # a million homes have look-alikes
        services.listing_duplicate_clear(listing=listing, actor=None)
    return services.listing_publish(listing=listing, actor=None)


def naive_reverse(listing: Listing) -> set[int]:
    """Every open demand, read and evaluated in Python."""
    from cityplatform.housing.matching.reverse import listing_facts

    facts = listing_facts(listing)
    now = timezone.now()
    found = set()
    for demand in BuyerDemand.objects.filter(status="open").prefetch_related(
        "districts", "communities"
    ):
        criteria = criteria_of(demand)
        if fits(criteria, facts):
            score(criteria, facts, now=now)
            found.add(demand.pk)
    return found


def measure_reverse(world: World, *, runs: int, naive_runs: int, passes: int) -> dict[str, Any]:
    rng = random.Random(5)
    listings = [_new_listing(world, rng) for _ in range(runs)]
    for listing in listings[:3]:
        demands_for_listing(listing)  # warm-up
    timings: list[tuple[float, set[int]]] = []
    for listing in listings * passes:
        elapsed, matches = _ms(lambda x=listing: demands_for_listing(x))  # type: ignore[misc]
        # Keep the ids, not thousands of Match objects a listing: the heap they grow
        # would be scanned by the collector in the runs after, as no server keeps them.
        timings.append((elapsed, {m.demand_id for m in matches}))
        del matches
    naive: list[float] = []
    agree = True
    for listing, (_, found) in list(zip(listings, timings[:runs], strict=True))[:naive_runs]:
        elapsed, expected = _ms(lambda x=listing: naive_reverse(x))  # type: ignore[misc]
        naive.append(elapsed)
        agree &= expected == found
    task = [
        _ms(lambda x=x: services.listing_match_demands(listing_id=x.pk))[0]  # type: ignore[misc]
        for x in listings
    ]
    return {
        "reverse": _summary(
            [t for t, _ in timings],
            naive,
            demands_found_median=statistics.median(len(m) for _, m in timings),
            agrees_with_naive=agree,
            task_with_notices_p50=_p(task, 0.5),
        )
    }


# --- demand → listings ---------------------------------------------------------------


def naive_demand(demand: BuyerDemand, limit: int = 20) -> list[int]:
    """Every published listing, read and scored in Python; keywords as substrings."""
    criteria = criteria_of(demand)
    names = dict(Community.objects.values_list("pk", "name"))
    places = dict(Place.objects.values_list("pk", "name"))
    best: list[tuple[int, float, int]] = []
    now = timezone.now()
    rows = Listing.objects.filter(status="published").values_list(
        "pk", "place_id", "community_id", "price_yuan", "bedrooms", "area_m2",
        "building_type", "verified", "first_listed_at", "refreshed_at", "features",
        "description",
    )  # fmt: skip
    for (
        pk,
        place,
        community,
        price,
        bedrooms,
        area,
        kind,
        verified,
        first,
        fresh,
        feats,
        text,
    ) in rows.iterator(chunk_size=20_000):
        whole = " ".join([names[community], *feats, text])
        facts = ListingFacts(
            listing_id=pk, place_code=place, place_name=places[place], community_id=community,
            community_name=names[community], price_yuan=price, bedrooms=bedrooms,
            area_m2=area, building_type=kind, verified=verified, first_listed_at=first,
            refreshed_at=fresh, has_term=whole.__contains__,
        )  # fmt: skip
        if fits(criteria, facts):
            match = score(criteria, facts, now=now)
            heapq.heappush(best, (match.score, first.timestamp(), pk))
            if len(best) > limit:
                heapq.heappop(best)
    return [pk for _, _, pk in sorted(best, reverse=True)]


def measure_demand(*, runs: int, naive_runs: int, passes: int) -> dict[str, Any]:
    """`runs` sample demands, each matched `passes` times (p50, p95 over all)."""
    rng = random.Random(11)
    top = BuyerDemand.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    demands = list(
        BuyerDemand.objects.filter(
            pk__in=rng.sample(range(1, top + 1), min(runs, top))
        ).prefetch_related("districts", "communities")
    )
    for demand in demands[:3]:
        listings_for_demand(demand)  # warm-up
    timings = [
        _ms(lambda d=d: listings_for_demand(d, limit=20))  # type: ignore[misc]
        for _ in range(passes)
        for d in demands
    ]
    naive = [_ms(lambda d=d: naive_demand(d))[0] for d in demands[:naive_runs]]  # type: ignore[misc]
    return {
        "demand": _summary(
            [t for t, _ in timings],
            naive,
            listings_found_median=statistics.median(len(r) for _, r in timings),
        )
    }


def warm_database() -> float:
    """Read the database's files once, so the measurements see the operating system's
    file cache as on a server that has been answering for a while, not the disk:
    which pages a first query finds there otherwise depends on what ran before it.
    SQLite: the database file; PostgreSQL: the housing tables and their indexes
    (pg_prewarm, into the file cache). Returns the seconds it took."""
    started = time.perf_counter()
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        with open(settings["NAME"], "rb") as database:
            while database.read(1 << 20):
                pass
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT pg_prewarm(c.oid, 'read') FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') "
                "AND c.relname LIKE 'housing%%'"
            )
    return time.perf_counter() - started


def _settle() -> float:
    """Before each measure: the file cache warmed (the naive way of the one before read
    whole tables and pushed its pages out), and the heap collected and frozen, as
    cityplatform/wsgi.py freezes it once the server has started. Returns the seconds
    the warming took."""
    seconds = warm_database()
    gc.collect()
    gc.freeze()
    return seconds


def measure_all(world: World, *, quick: bool) -> dict[str, Any]:
    results: dict[str, Any] = {"warm_seconds": _settle()}
    passes = 1 if quick else PASSES
    results.update(measure_search(world, naive_runs=5 if quick else 20, passes=passes))
    results["warm_seconds"] += _settle()
    results.update(
        measure_reverse(world, runs=5 if quick else 30, naive_runs=2 if quick else 3, passes=passes)
    )
    results["warm_seconds"] += _settle()
    results.update(
        measure_demand(runs=5 if quick else 30, naive_runs=1 if quick else 2, passes=passes)
    )
    return results
