"""A listing → the open demands it fits (the reverse search).

One query on DemandMatchKey: the listing's district, its community or ANYWHERE, and a
range test per hard criterion. The composite index housing_demandkey_match answers it
without reading the table; only the demands found are then scored in Python, with
their features and keywords already cut into terms (BuyerDemand.match_terms).
"""

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

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

from .criteria import Criteria, ListingFacts, Match, score, type_bit


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


def _raw_rows(qs: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def demands_for_listing(listing: Listing, *, now: datetime | None = None) -> list[Match]:
    """The open demands a published listing fits, best score first."""
    if listing.status != ListingStatus.PUBLISHED:
        return []
    now = now or timezone.now()
    # Thousands of rows: read as the driver returns them, without Django's per-value
    # converters, and each JSON text decoded once (demands share a few feature lists).
    rows = _raw_rows(
        matching_keys(listing).values_list(
            "demand_id",
            "scope",
            *(f"demand__{f}" for f in _PLAIN_FIELDS),
            *(Cast(f"demand__{f}", TextField()) for f in _JSON_FIELDS),
        )
    )
    decoded: dict[str | None, Any] = {None: None}
    found: dict[int, tuple[set[str], dict[str, Any]]] = {}
    for demand_id, scope, *values in rows:
        entry = found.get(demand_id)
        if entry is None:
            fields = dict(zip(_PLAIN_FIELDS, values, strict=False))
            for name in ("area_min_m2", "area_max_m2"):
                if fields[name] is not None:
                    fields[name] = Decimal(str(fields[name]))
            for name, text in zip(_JSON_FIELDS, values[len(_PLAIN_FIELDS) :], strict=True):
                if text not in decoded:
                    decoded[text] = json.loads(text)
                fields[name] = decoded[text]
            entry = found[demand_id] = (set(), fields)
        entry[0].add(scope)
    if not found:
        return []
    facts = listing_facts(listing)
    community, place = community_scope(listing.community_id), place_scope(listing.place_id)
    matches = [
        score(
            _criteria(
                demand_id=demand_id,
                place_codes=frozenset([listing.place_id]) if place in scopes else frozenset(),
                community_ids=(
                    frozenset([listing.community_id]) if community in scopes else frozenset()
                ),
                values=values,
            ),
            facts,
            now=now,
        )
        for demand_id, (scopes, values) in found.items()
    ]
    matches.sort(key=lambda m: (-m.score, m.demand_id))
    return matches
