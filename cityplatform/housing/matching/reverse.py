"""A listing → the open demands it fits (the reverse search).

One query on DemandMatchKey: the listing's district, its community or ANYWHERE, and a
range test per hard criterion. The composite index housing_demandkey_match answers it
without reading a table: the key also carries which bounds the demand names and its
features and keywords already cut into terms (copies of BuyerDemand.match_terms), so
the demands found are scored in Python from the key rows alone.
"""

import json
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from cityplatform.core.queries import raw_rows
from cityplatform.housing.models import (
    MAX_PRICE_YUAN,
    MAX_ROOMS,
    BuyerDemand,
    DemandMatchKey,
    Listing,
    ListingStatus,
    ListingTerm,
)
from cityplatform.housing.models.demands import (
    ANYWHERE,
    NAMED_AREA,
    NAMED_BEDROOMS,
    NAMED_BUDGET_MAX,
    NAMED_BUDGET_MIN,
    community_scope,
    place_scope,
)

from .criteria import (
    Criteria,
    ListingFacts,
    Match,
    Reasons,
    bounds_part,
    listing_part,
    price_points,
    type_bit,
    wanted_terms_part,
)

# A bound of the budget, either.
_NAMED_BUDGET = NAMED_BUDGET_MIN | NAMED_BUDGET_MAX


def listing_facts(listing: Listing, terms: set[str] | None = None) -> ListingFacts:
    """The listing as matching sees it; its index terms are read unless given."""
    if terms is None:
        terms = set(ListingTerm.objects.filter(listing=listing).values_list("term", flat=True))
    return ListingFacts(
        listing_id=listing.pk,
        place_code=listing.place_id,
        place_name=listing.place.name,
        community_id=listing.community_id,
        community_name=listing.community.name,
        price_yuan=listing.price_yuan,
        bedrooms=listing.bedrooms,
        area_m2=Decimal(listing.area_m2),
        building_type=listing.building_type,
        verified=listing.verified,
        first_listed_at=listing.first_listed_at,
        refreshed_at=listing.refreshed_at,
        has_term=terms.__contains__,
    )


def criteria_of(demand: BuyerDemand) -> Criteria:
    """A whole demand's criteria (districts and communities read from the demand)."""
    return _criteria(
        demand_id=demand.pk,
        place_codes=frozenset(p.pk for p in demand.districts.all()),
        community_ids=frozenset(c.pk for c in demand.communities.all()),
        values=demand.__dict__,
    )


def _criteria(
    *,
    demand_id: int,
    place_codes: frozenset[str],
    community_ids: frozenset[int],
    values: dict[str, Any],
) -> Criteria:
    terms = values.get("match_terms") or {}
    return Criteria(
        demand_id=demand_id,
        place_codes=place_codes,
        community_ids=community_ids,
        budget_min=values["budget_min_yuan"],
        budget_max=values["budget_max_yuan"],
        bedrooms_min=values["bedrooms_min"],
        bedrooms_max=values["bedrooms_max"],
        area_min=values["area_min_m2"],
        area_max=values["area_max_m2"],
        building_types=frozenset(values["building_types"] or ()),
        features=dict(terms.get("features") or {}),
        keywords=tuple(terms.get("keywords") or ()),
    )


def matching_keys(listing: Listing) -> Any:
    """The DemandMatchKey rows whose demand the listing fits (hard criteria only)."""
    keys = DemandMatchKey.objects.filter(
        scope__in=[ANYWHERE, place_scope(listing.place_id), community_scope(listing.community_id)],
        area_min__lte=listing.area_m2,
        area_max__gte=listing.area_m2,
    )
    if listing.price_yuan is None:  # 面议 fits only a demand without a budget
        keys = keys.filter(budget_min=0, budget_max=MAX_PRICE_YUAN)
    else:
        keys = keys.filter(budget_min__lte=listing.price_yuan, budget_max__gte=listing.price_yuan)
    if listing.bedrooms is None:
        keys = keys.filter(bedrooms_min=0, bedrooms_max=MAX_ROOMS)
    else:
        keys = keys.filter(bedrooms_min__lte=listing.bedrooms, bedrooms_max__gte=listing.bedrooms)
    bit = type_bit(listing.building_type)
    return keys.annotate(type_hit=F("building_types").bitand(bit)).filter(
        Q(building_types=0) | Q(type_hit__gt=0)
    )


def demands_for_listing(listing: Listing, *, now: datetime | None = None) -> list[Match]:
    """The open demands a published listing fits, best score first."""
    if listing.status != ListingStatus.PUBLISHED:
        return []
    now = now or timezone.now()
    # Thousands of rows, from the index alone, as the driver returns them (without
    # Django's per-value converters). A demand named by district and by community has
    # a key for each; what the score needs is the same on both, and where the listing
    # stands to it is the nearest of its keys' scopes (2 its community, 1 its
    # district, 0 anywhere).
    nearness = {community_scope(listing.community_id): 2, place_scope(listing.place_id): 1}
    near: dict[int, int] = {}
    keys: dict[int, tuple[Any, ...]] = {}
    for key in raw_rows(
        matching_keys(listing).values_list(
            "demand_id", "scope", "budget_min", "budget_max", "named", "building_types", "terms"
        )
    ):
        demand_id, rank = key[0], nearness.get(key[1], 0)
        if demand_id not in near:
            near[demand_id] = rank
            keys[demand_id] = key
        elif rank > near[demand_id]:
            near[demand_id] = rank
    if not keys:
        return []
    matches = _ShapeScorer(listing, listing_facts(listing), now).matches(keys, near)
    # Best score first, then the oldest demand: two sorts (Python's sort is stable).
    matches.sort(key=attrgetter("demand_id"))
    matches.sort(key=attrgetter("score"), reverse=True)
    return matches


@lru_cache(maxsize=65_536)
def _decoded(terms: str) -> tuple[tuple[tuple[str, Any], ...], tuple[str, ...]]:
    """A demand key's terms (JSON) as wanted_terms_part takes them: the features by
    name, the keywords. Demands share a few thousand lists, decoded once each."""
    decoded = json.loads(terms) if terms else {}
    features = tuple(sorted((decoded.get("features") or {}).items()))
    return features, tuple(decoded.get("keywords") or ())


class _ShapeScorer:
    """criteria.score of one listing against thousands of demands, from parts worked
    out once: the listing's own share (freshness, verification); the place share and
    reasons, once per *shape* (where the listing stands to the demand: its community,
    district or anywhere; which bounds the demand names); the term shares, once per
    list of features and keywords (demands share a few). The reasons' values are the
    listing's, so each demand adds only its price share: a few µs a demand."""

    def __init__(self, listing: Listing, facts: ListingFacts, now: datetime) -> None:
        self.facts = facts
        self.price = listing.price_yuan
        self.own = listing_part(facts, now=now)
        self.bounds: dict[tuple[int, int, bool], tuple[int, Reasons]] = {}
        self.terms: dict[str, tuple[int, Reasons]] = {}
        self.shapes: dict[tuple[Any, ...], tuple[int, Reasons]] = {}

    def matches(self, keys: dict[int, tuple[Any, ...]], near: dict[int, int]) -> list[Match]:
        """A Match for each demand: id → a row of its key (demand_id, scope,
        budget_min, budget_max, named, building_types, terms), and id → where the
        listing stands to it (2 its community, 1 its district, 0 anywhere)."""
        listing_id, price, shapes = self.facts.listing_id, self.price, self.shapes
        found = []
        for demand_id, (_, _, low, high, named, types, terms) in keys.items():
            shape = (near[demand_id], named, types != 0)
            known = shapes.get((shape, terms))
            if known is None:
                known = shapes[shape, terms] = self._shape(shape, terms)
            points, reasons = known
            if named & _NAMED_BUDGET:
                points += price_points(
                    price,
                    low if named & NAMED_BUDGET_MIN else None,
                    high if named & NAMED_BUDGET_MAX else None,
                )
            found.append(Match(listing_id, demand_id, points, reasons))
        return found

    def _shape(self, shape: tuple[int, int, bool], terms: str) -> tuple[int, Reasons]:
        """The score without the price share, and the reasons, of a demand shape."""
        bounds = self.bounds.get(shape)
        if bounds is None:
            where, named, typed = shape
            # bounds_part asks only whether each bound is named; its reasons give the
            # listing's values.
            bounds = self.bounds[shape] = bounds_part(
                Criteria(
                    demand_id=0,
                    community_ids=frozenset([self.facts.community_id] if where == 2 else []),
                    place_codes=frozenset([self.facts.place_code] if where == 1 else []),
                    budget_max=0 if named & _NAMED_BUDGET else None,
                    bedrooms_max=0 if named & NAMED_BEDROOMS else None,
                    area_max=Decimal(0) if named & NAMED_AREA else None,
                    building_types=frozenset(["named"] if typed else []),
                ),
                self.facts,
            )
        shares = self.terms.get(terms)
        if shares is None:
            shares = self.terms[terms] = wanted_terms_part(*_decoded(terms), self.facts)
        return bounds[0] + shares[0] + self.own[0], bounds[1] + shares[1] + self.own[1]
