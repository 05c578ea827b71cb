"""A demand → its best published listings (top-N), each with its score and reasons.

The hard criteria are filters on the listing table's indexed columns; the score of
housing.matching.criteria is computed by the database as one expression (the feature
and keyword shares through the keyword index, ListingTerm), so the database ranks
and returns only ids of the top candidates (see listings_for_criteria). Those are
then scored again in Python for their reasons, with the same integer arithmetic.
"""

from collections import defaultdict
from collections.abc import Callable
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

from cityplatform.housing.models import BuyerDemand, Community, Listing, ListingTerm
from cityplatform.housing.search import rarest_first
from cityplatform.housing.selectors import listings_public
from cityplatform.places.models import Place

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


def fitting_listings(criteria: Criteria, *, price_max: int | None = None) -> QuerySet[Listing]:
    """Published listings meeting every hard criterion (public columns only), and no
    dearer than `price_max` when given."""
    qs = listings_public()
    if not criteria.anywhere:
        qs = qs.filter(
            Q(community_id__in=criteria.community_ids) | Q(place_id__in=criteria.place_codes)
        )
    bounds = {
        "price_yuan__gte": criteria.budget_min,
        # One upper bound: given two, SQLite ranges the index on either.
        "price_yuan__lte": _lowest(criteria.budget_max, price_max),
        "bedrooms__gte": criteria.bedrooms_min,
        "bedrooms__lte": criteria.bedrooms_max,
        "area_m2__gte": criteria.area_min,
        "area_m2__lte": criteria.area_max,
    }
    qs = qs.filter(**{k: v for k, v in bounds.items() if v is not None})
    if criteria.building_types:
        qs = qs.filter(building_type__in=sorted(criteria.building_types))
    return qs


def _lowest(*bounds: int | None) -> int | None:
    return min((b for b in bounds if b is not None), default=None)


def _has_terms(terms: list[str]) -> Q:
    return Q(*(Exists(ListingTerm.objects.filter(listing=OuterRef("pk"), term=t)) for t in terms))


def _share(conditions: list[Q], weight: int) -> Any:
    """weight × (conditions met) ÷ (conditions), floored, as criteria.score does."""
    met = sum((Case(When(c, then=Value(1)), default=Value(0)) for c in conditions), Value(0))
    return ExpressionWrapper(met * Value(weight) / Value(len(conditions)), output_field=_INT)


def score_expression(criteria: Criteria, now: datetime, *, with_terms: bool = True) -> Any:
    """criteria.score as one SQL expression over a listing row; without the feature and
    keyword shares when `with_terms` is False (the part the listing table alone gives)."""
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
    if with_terms and criteria.features:
        parts.append(_share([_has_terms(t) for t in criteria.features.values()], FEATURES_WEIGHT))
    if with_terms and criteria.keywords:
        parts.append(_share([_has_terms([t]) for t in criteria.keywords], KEYWORDS_WEIGHT))
    total: Any = parts[0]
    for part in parts[1:]:
        total = total + part
    return ExpressionWrapper(total, output_field=_INT)


def _wanted_terms(criteria: Criteria) -> list[str]:
    return sorted({t for ts in criteria.features.values() for t in ts} | set(criteria.keywords))


def _top(qs: QuerySet[Listing], expression: Any, limit: int) -> list[tuple[int, int]]:
    """(id, score) of the best `limit` rows by the expression (ties: newest, then id)."""
    ranked = qs.annotate(match_score=expression).order_by(
        "-match_score", F("first_listed_at").desc(nulls_last=True), "-id"
    )
    return list(ranked.values_list("pk", "match_score")[:limit])


def _most_besides_price(criteria: Criteria, *, with_terms: bool) -> int:
    """The most a listing can score apart from the price share."""
    most = NEW_WEIGHT + VERIFIED_WEIGHT
    if criteria.community_ids:
        most += LOCATION_COMMUNITY
    elif criteria.place_codes:
        most += LOCATION_DISTRICT
    if with_terms and criteria.features:
        most += FEATURES_WEIGHT
    if with_terms and criteria.keywords:
        most += KEYWORDS_WEIGHT
    return most


def price_with_points(criteria: Criteria, points: int) -> int | None:
    """The highest price whose price share is at least `points`, or None when every
    price in the budget earns that: price_points is ⌊15 × (ceiling - price) ÷ (ceiling
    - low)⌋, which is >= k exactly when price <= ceiling - ⌈k × (ceiling - low) ÷ 15⌉."""
    if criteria.budget_max is None or points <= 0:
        return None
    low = criteria.budget_min or 0
    if criteria.budget_max <= low:
        return None  # every price in the budget earns the whole share
    span = criteria.budget_max - low
    return criteria.budget_max - (points * span + PRICE_WEIGHT - 1) // PRICE_WEIGHT


def price_ceiling(criteria: Criteria, least_score: int, *, with_terms: bool) -> int | None:
    """The highest price at which a fitting listing can still score `least_score`, or
    None when every price can: the rest of the score is at most _most_besides_price."""
    needed = least_score - _most_besides_price(criteria, with_terms=with_terms)
    return price_with_points(criteria, needed)


def _top_pruned(
    candidates: Callable[[int | None], QuerySet[Listing]],
    criteria: Criteria,
    limit: int,
    *,
    with_terms: bool,
    now: datetime,
) -> list[int]:
    """The ids of the best `limit` candidates (`candidates(highest price)`) by the score
    with or without the term shares.

    A wide budget fits tens of thousands of homes; ranking them all is most of a
    demand match. The cheapest fifteenth of the budget is ranked first: its `limit`-th
    best score is a floor the answer's scores reach, and a dearer home can reach it
    only with a smaller price share (price_ceiling). When no dearer home can, the
    answer is that band's; otherwise only the homes cheap enough are ranked."""
    expression = score_expression(criteria, now, with_terms=with_terms)
    band = price_with_points(criteria, PRICE_WEIGHT - 1)
    ceiling = None
    if band is not None:
        probe = _top(candidates(band), expression, limit)
        if len(probe) == limit:
            ceiling = price_ceiling(criteria, min(s for _, s in probe), with_terms=with_terms)
            if ceiling is not None and ceiling <= band:
                return [pk for pk, _ in probe]
    return [pk for pk, _ in _top(candidates(ceiling), expression, limit)]


def _telling_terms(criteria: Criteria) -> list[str]:
    """Terms that every listing with a wanted feature or keyword has one of: each
    keyword, and each feature's rarest term (a listing has 成熟小区 only with both 成熟
    and 小区; looking for 成熟 alone skips the many listings whose community is a 小区)."""
    terms = set(criteria.keywords)
    for feature_terms in criteria.features.values():
        if feature_terms:
            terms.add(rarest_first(tuple(feature_terms))[0])
    return sorted(terms)


def _with_any_term(
    criteria: Criteria, qs: QuerySet[Listing], price_max: int | None = None
) -> QuerySet[Listing]:
    """The fitting listings having at least one wanted feature or keyword, found from
    the term index narrowed by its copies of place, price and bedrooms."""
    postings = ListingTerm.objects.published().filter(term__in=_telling_terms(criteria))
    if criteria.anywhere:
        # Every place, all the same: the index holds the place before the price and
        # bedrooms, and ranges over those only for a place or a list of places.
        codes = set(Place.objects.values_list("code", flat=True))
    else:
        codes = set(criteria.place_codes) | set(
            Community.objects.filter(pk__in=criteria.community_ids).values_list(
                "place_id", flat=True
            )
        )
    postings = postings.filter(place_code__in=sorted(codes))
    bounds = {
        "price_yuan__gte": criteria.budget_min,
        "price_yuan__lte": _lowest(criteria.budget_max, price_max),
        "bedrooms__gte": criteria.bedrooms_min,
        "bedrooms__lte": criteria.bedrooms_max,
    }
    postings = postings.filter(**{k: v for k, v in bounds.items() if v is not None})
    return qs.filter(pk__in=postings.values("listing_id"))


def listings_for_criteria(
    criteria: Criteria, *, limit: int = DEFAULT_LIMIT, now: datetime | None = None
) -> list[tuple[Listing, Match]]:
    """The best `limit` fitting listings, best first.

    Two rankings in the database, both reading the covering index
    housing_listing_pub_search rather than the table: (1) every fitting listing by the
    part of the score the listing row gives; (2) the fitting listings that have at
    least one wanted feature or keyword term, by the whole score. The true top N is
    among the union: a listing with no wanted term scores only part (1), so if N
    others beat it there, they beat it overall. The union (at most 2N) is then scored
    in Python and cut to N.
    """
    now = now or timezone.now()
    limit = max(1, min(limit, MAX_LIMIT))

    def fitting(price_max: int | None) -> QuerySet[Listing]:
        return fitting_listings(criteria, price_max=price_max)

    ids = _top_pruned(fitting, criteria, limit, with_terms=False, now=now)
    wanted = _wanted_terms(criteria)
    if wanted:
        ids += _top_pruned(
            lambda price_max: _with_any_term(criteria, fitting(price_max), price_max),
            criteria,
            limit,
            with_terms=True,
            now=now,
        )
    rows = {x.pk: x for x in listings_public().filter(pk__in=set(ids))}
    terms: dict[int, set[str]] = defaultdict(set)
    if wanted and rows:
        for listing_id, term in ListingTerm.objects.filter(
            listing__in=list(rows), term__in=wanted
        ).values_list("listing_id", "term"):
            terms[listing_id].add(term)
    scored = [(x, score(criteria, listing_facts(x, terms[x.pk]), now=now)) for x in rows.values()]
    scored.sort(key=lambda pair: _rank(pair[0], pair[1]))
    return scored[:limit]


def _rank(listing: Listing, match: Match) -> tuple[int, float, int]:
    listed = listing.first_listed_at.timestamp() if listing.first_listed_at else float("-inf")
    return (-match.score, -listed, -listing.pk)


def listings_for_demand(
    demand: BuyerDemand, *, limit: int = DEFAULT_LIMIT, now: datetime | None = None
) -> list[tuple[Listing, Match]]:
    """The demand's best published listings, best first: (listing, score and reasons)."""
    return listings_for_criteria(criteria_of(demand), limit=limit, now=now)
