"""A demand → its best published listings (top-N), each with its score and reasons.

The hard criteria are filters on the listing table's indexed columns; the score of
housing.matching.criteria is computed by the database as one expression (the feature
and keyword shares through the keyword index, ListingTerm), so the database ranks
and returns only the top N. Those N are then scored again in Python for their
reasons, with the same integer arithmetic.
"""

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from cityplatform.housing.models import BuyerDemand, Listing, ListingTerm
from cityplatform.housing.selectors import listings_public

from .criteria import (
    FEATURES_WEIGHT,
    KEYWORDS_WEIGHT,
    LOCATION_COMMUNITY,
    LOCATION_DISTRICT,
    NEW_WEIGHT,
    PRICE_WEIGHT,
    RECENT,
    REFRESHED_WEIGHT,
    VERIFIED_WEIGHT,
    Criteria,
    Match,
    score,
)
from .reverse import criteria_of, listing_facts

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_INT = IntegerField()


def fitting_listings(criteria: Criteria) -> QuerySet[Listing]:
    """Published listings meeting every hard criterion (public columns only)."""
    qs = listings_public()
    if not criteria.anywhere:
        qs = qs.filter(
            Q(community_id__in=criteria.community_ids) | Q(place_id__in=criteria.place_codes)
        )
    bounds = {
        "price_yuan__gte": criteria.budget_min,
        "price_yuan__lte": criteria.budget_max,
        "bedrooms__gte": criteria.bedrooms_min,
        "bedrooms__lte": criteria.bedrooms_max,
        "area_m2__gte": criteria.area_min,
        "area_m2__lte": criteria.area_max,
    }
    qs = qs.filter(**{k: v for k, v in bounds.items() if v is not None})
    if criteria.building_types:
        qs = qs.filter(building_type__in=sorted(criteria.building_types))
    return qs


def _has_terms(terms: list[str]) -> Q:
    return Q(*(Exists(ListingTerm.objects.filter(listing=OuterRef("pk"), term=t)) for t in terms))


def _share(conditions: list[Q], weight: int) -> Any:
    """weight × (conditions met) ÷ (conditions), floored, as criteria.score does."""
    met = sum((Case(When(c, then=Value(1)), default=Value(0)) for c in conditions), Value(0))
    return ExpressionWrapper(met * Value(weight) / Value(len(conditions)), output_field=_INT)


def score_expression(criteria: Criteria, now: datetime) -> Any:
    """criteria.score as one SQL expression over a listing row."""
    parts: list[Any] = [
        Case(
            When(community_id__in=criteria.community_ids, then=Value(LOCATION_COMMUNITY)),
            When(place_id__in=criteria.place_codes, then=Value(LOCATION_DISTRICT)),
            default=Value(0),
        ),
        Case(
            When(first_listed_at__gte=now - RECENT, then=Value(NEW_WEIGHT)),
            When(refreshed_at__gte=now - RECENT, then=Value(REFRESHED_WEIGHT)),
            default=Value(0),
        ),
        Case(When(verified=True, then=Value(VERIFIED_WEIGHT)), default=Value(0)),
    ]
    if criteria.budget_max is not None:
        low = criteria.budget_min or 0
        if criteria.budget_max <= low:
            parts.append(Value(PRICE_WEIGHT))
        else:
            parts.append(
                ExpressionWrapper(
                    (Value(criteria.budget_max) - F("price_yuan"))
                    * Value(PRICE_WEIGHT)
                    / Value(criteria.budget_max - low),
                    output_field=BigIntegerField(),
                )
            )
    if criteria.features:
        parts.append(_share([_has_terms(t) for t in criteria.features.values()], FEATURES_WEIGHT))
    if criteria.keywords:
        parts.append(_share([_has_terms([t]) for t in criteria.keywords], KEYWORDS_WEIGHT))
    total: Any = parts[0]
    for part in parts[1:]:
        total = total + part
    return ExpressionWrapper(total, output_field=_INT)


def listings_for_criteria(
    criteria: Criteria, *, limit: int = DEFAULT_LIMIT, now: datetime | None = None
) -> list[tuple[Listing, Match]]:
    now = now or timezone.now()
    limit = max(1, min(limit, MAX_LIMIT))
    ranked = list(
        fitting_listings(criteria)
        .annotate(match_score=score_expression(criteria, now))
        .order_by("-match_score", F("first_listed_at").desc(nulls_last=True), "-id")[:limit]
    )
    wanted = {t for terms in criteria.features.values() for t in terms} | set(criteria.keywords)
    terms: dict[int, set[str]] = defaultdict(set)
    if wanted and ranked:
        rows = ListingTerm.objects.filter(
            listing__in=[x.pk for x in ranked], term__in=sorted(wanted)
        ).values_list("listing_id", "term")
        for listing_id, term in rows:
            terms[listing_id].add(term)
    return [(x, score(criteria, listing_facts(x, terms[x.pk]), now=now)) for x in ranked]


def listings_for_demand(
    demand: BuyerDemand, *, limit: int = DEFAULT_LIMIT, now: datetime | None = None
) -> list[tuple[Listing, Match]]:
    """The demand's best published listings, best first: (listing, score and reasons)."""
    return listings_for_criteria(criteria_of(demand), limit=limit, now=now)
