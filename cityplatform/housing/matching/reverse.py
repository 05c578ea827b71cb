"""A listing → the open demands it fits (the reverse search).

One query on DemandMatchKey: the listing's district, its community or ANYWHERE, and a
range test per hard criterion. The composite index housing_demandkey_match answers it
without reading the table; only the demands found are then scored in Python, with
their features and keywords already cut into terms (BuyerDemand.match_terms).
"""

import json
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
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
from cityplatform.housing.models.demands import ANYWHERE, community_scope, place_scope

from .criteria import (
    Criteria,
    ListingFacts,
    Match,
    Reasons,
    bounds_part,
    listing_part,
    price_points,
    terms_part,
    type_bit,
)


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


_DEMAND_FIELDS = (
    "budget_min_yuan",
    "budget_max_yuan",
    "bedrooms_min",
    "bedrooms_max",
    "area_min_m2",
    "area_max_m2",
    "building_types",
    "match_terms",
)
_JSON_FIELDS = ("building_types", "match_terms")
_PLAIN_FIELDS = tuple(f for f in _DEMAND_FIELDS if f not in _JSON_FIELDS)
assert _DEMAND_FIELDS == _PLAIN_FIELDS + _JSON_FIELDS  # the order rows are read in


def demands_for_listing(listing: Listing, *, now: datetime | None = None) -> list[Match]:
    """The open demands a published listing fits, best score first."""
    if listing.status != ListingStatus.PUBLISHED:
        return []
    now = now or timezone.now()
    # Thousands of rows: read as the driver returns them, without Django's per-value
    # converters (the JSON columns as text).
    rows = raw_rows(
        matching_keys(listing).values_list(
            "demand_id",
            "scope",
            *(f"demand__{f}" for f in _PLAIN_FIELDS),
            *(Cast(f"demand__{f}", TextField()) for f in _JSON_FIELDS),
        )
    )
    # A demand named by district and by community has a row for each.
    scopes: dict[int, set[str]] = {}
    values: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        demand_id = row[0]
        if demand_id in scopes:
            scopes[demand_id].add(row[1])
        else:
            scopes[demand_id] = {row[1]}
            values[demand_id] = row[2:]
    if not values:
        return []
    matches = _ShapeScorer(listing, listing_facts(listing), now).matches(values, scopes)
    # Best score first, then the oldest demand: two sorts (Python's sort is stable).
    matches.sort(key=attrgetter("demand_id"))
    matches.sort(key=attrgetter("score"), reverse=True)
    return matches


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
        self.community = community_scope(listing.community_id)
        self.place = place_scope(listing.place_id)
        self.own = listing_part(facts, now=now)
        self.bounds: dict[tuple[Any, ...], tuple[int, Reasons]] = {}
        self.terms: dict[str | None, tuple[int, Reasons]] = {}
        self.shapes: dict[tuple[Any, ...], tuple[int, Reasons]] = {}

    def matches(
        self, values: dict[int, tuple[Any, ...]], scopes: dict[int, set[str]]
    ) -> list[Match]:
        """A Match for each demand (id → its row of _DEMAND_FIELDS, and its scopes)."""
        listing_id, price, shapes = self.facts.listing_id, self.price, self.shapes
        community, place = self.community, self.place
        found = []
        for demand_id, row in values.items():
            low, high, rooms_low, rooms_high, area_low, area_high, types, terms = row
            where = scopes[demand_id]
            budget = low is not None or high is not None
            shape = (
                2 if community in where else 1 if place in where else 0,
                budget,
                rooms_low is not None or rooms_high is not None,
                area_low is not None or area_high is not None,
                types,
                terms,
            )
            known = shapes.get(shape)
            if known is None:
                known = shapes[shape] = self._shape(shape)
            points, reasons = known
            if budget:
                points += price_points(price, low, high)
            found.append(Match(listing_id, demand_id, points, reasons))
        return found

    def _shape(self, shape: tuple[Any, ...]) -> tuple[int, Reasons]:
        """The score without the price share, and the reasons, of a demand shape."""
        where, budget, rooms, area, types, terms = shape
        bounds = self.bounds.get(shape[:5])
        if bounds is None:
            bounds = self.bounds[shape[:5]] = bounds_part(
                Criteria(
                    demand_id=0,
                    community_ids=frozenset([self.facts.community_id] if where == 2 else []),
                    place_codes=frozenset([self.facts.place_code] if where == 1 else []),
                    budget_max=0 if budget else None,
                    bedrooms_max=0 if rooms else None,
                    area_max=Decimal(0) if area else None,
                    building_types=frozenset(json.loads(types) if types else []),
                ),
                self.facts,
            )
        shares = self.terms.get(terms)
        if shares is None:
            decoded = json.loads(terms) if terms else {}
            shares = self.terms[terms] = terms_part(
                Criteria(
                    demand_id=0,
                    features=dict(decoded.get("features") or {}),
                    keywords=tuple(decoded.get("keywords") or ()),
                ),
                self.facts,
            )
        parts = (bounds, shares, self.own)
        return sum(p for p, _ in parts), [r for _, reasons in parts for r in reasons]
