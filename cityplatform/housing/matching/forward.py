"""A demand → its best published listings (top-N), each with its score and reasons.

The hard criteria are filters on the listing table's indexed columns; the score of
housing.matching.criteria is computed by the database as one expression (the feature
and keyword shares through the keyword index, ListingTerm), so the database ranks
and returns only ids of the top candidates (see listings_for_criteria). Those are
then scored again in Python for their reasons, with the same integer arithmetic.
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

from cityplatform.core.queries import request_plans
from cityplatform.housing.models import BuyerDemand, Community, Listing, ListingTerm
from cityplatform.housing.search_terms import rarest_first
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
    price_points,
    score,
)
from .ranking import Candidates, Ranker, compiled_score, lowest
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
        "price_yuan__lte": lowest(criteria.budget_max, price_max),
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


def _most_besides_price(criteria: Criteria) -> int:
    """The most a listing can score apart from the price, feature and keyword shares."""
    most = NEW_WEIGHT + VERIFIED_WEIGHT
    if criteria.community_ids:
        most += LOCATION_COMMUNITY
    elif criteria.place_codes:
        most += LOCATION_DISTRICT
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


def price_ceiling(criteria: Criteria, least_score: int, *, shares: int) -> int | None:
    """The highest price at which a fitting listing can still score `least_score`, or
    None when every price can, for listings whose feature and keyword shares add at
    most `shares` to _most_besides_price."""
    needed = least_score - _most_besides_price(criteria) - shares
    return price_with_points(criteria, needed)


def _bands(criteria: Criteria, cheapest: int | None) -> list[int]:
    """The highest prices of the bands ranked first, a wider one each time: the homes
    within 1, 3 and half of the cheapest fitting home's price share."""
    if cheapest is None or criteria.budget_max is None:
        return []
    top = price_points(cheapest, criteria.budget_min, criteria.budget_max)
    prices = [price_with_points(criteria, top - step) for step in (1, 3, (top + 1) // 2)]
    return sorted({p for p in prices if p is not None})


def _top_pruned(
    candidates: Candidates,
    bands: list[int],
    criteria: Criteria,
    ranker: Ranker,
    *,
    expression: Any,
    shares: int = 0,
    floor: int | None = None,
) -> list[tuple[int, int]]:
    """(id, score) of the best `limit` candidates by the score `expression`, for
    candidates whose feature and keyword shares add at most `shares`; `floor`, when
    given, is a score the answer is known to reach.

    A wide budget fits tens of thousands of homes, and ranking them all is most of a
    demand match. The cheapest band is ranked first: its `limit`-th best score is a
    floor the answer reaches, and a dearer home can reach it only with a smaller price
    share (price_ceiling). When no home dearer than the band can, the band holds the
    answer; otherwise a wider band is tried, and at last only the homes cheap enough
    are ranked."""
    ceiling = None if floor is None else price_ceiling(criteria, floor, shares=shares)
    for band in bands:
        if ceiling is not None and ceiling <= band:
            break  # the floor already prunes more than the band would
        top = ranker.top(candidates, band, expression)
        if len(top) == ranker.limit:
            found = price_ceiling(criteria, min(s for _, s in top), shares=shares)
            if found is not None and (ceiling is None or found < ceiling):
                ceiling = found
            if ceiling is not None and ceiling <= band:
                return top
    return ranker.top(candidates, ceiling, expression)


def _feature_terms(criteria: Criteria) -> list[str]:
    """Terms that every listing with a wanted feature has one of: each feature's
    rarest term (a listing has 成熟小区 only with both 成熟 and 小区; looking for 成熟
    alone skips the many listings whose community is a 小区)."""
    return sorted({rarest_first(tuple(terms))[0] for terms in criteria.features.values() if terms})


def _posting_places(criteria: Criteria) -> list[str]:
    """The place codes a wanted listing's postings may carry."""
    if criteria.anywhere:
        # Every place a listing can be at (a community's: a district or county, or
        # 株洲市), all the same: the index holds the place before the price and
        # bedrooms, and ranges over those only for a place or a list of places.
        places = Place.objects.filter(level__lte=Place.Level.COUNTY)
        return sorted(places.values_list("code", flat=True))
    return sorted(
        set(criteria.place_codes)
        | set(
            Community.objects.filter(pk__in=criteria.community_ids).values_list(
                "place_id", flat=True
            )
        )
    )


def _with_any_term(
    criteria: Criteria,
    places: list[str],
    terms: list[str],
    qs: QuerySet[Listing],
    price_max: int | None,
) -> QuerySet[Listing]:
    """The listings of `qs` having at least one of the terms, found from the term index
    narrowed by its copies of place (`places`, from _posting_places), price and
    bedrooms."""
    postings = _term_postings(criteria, places, terms, price_max)
    return qs.filter(pk__in=postings.values("listing_id"))


def _term_postings(
    criteria: Criteria, places: list[str], terms: list[str], price_max: int | None
) -> QuerySet[ListingTerm]:
    """The published postings of the terms within the places, the budget (up to
    `price_max`) and the rooms: one range of housing_term_search a place."""
    postings = ListingTerm.objects.published().filter(term__in=terms, place_code__in=places)
    bounds = {
        "price_yuan__gte": criteria.budget_min,
        "price_yuan__lte": lowest(criteria.budget_max, price_max),
        "bedrooms__gte": criteria.bedrooms_min,
        "bedrooms__lte": criteria.bedrooms_max,
    }
    return postings.filter(**{k: v for k, v in bounds.items() if v is not None})


def _with_all_terms(
    criteria: Criteria,
    places: list[str],
    terms: list[str],
    qs: QuerySet[Listing],
    price_max: int | None,
) -> QuerySet[Listing]:
    """The listings of `qs` having every one of the terms: the rarest one's postings,
    each probed for the others."""
    rarest, *others = rarest_first(tuple(terms))
    qs = _with_any_term(criteria, places, [rarest], qs, price_max)
    return qs.filter(*(_has_terms([term]) for term in others))


def _term_rankings(criteria: Criteria, fitting: Candidates) -> list[tuple[Candidates, int]]:
    """The rankings besides the first: (the candidates, the most their feature and
    keyword shares add), one for each kind of listing the first cannot rank fairly.

    A listing earns the whole feature share (30) only with every wanted feature, part
    of it with some (with k features, at most (k - 1) × 30 ÷ k), and the keyword share
    (15) only with a keyword. Ranking each kind apart keeps its bound tight: with one
    bound for all, a home with every feature and a keyword could be any price, and
    nothing would be pruned. A ranking's candidates may include homes of a richer kind;
    those beat its bound, but have their own ranking."""
    features = sorted({t for terms in criteria.features.values() for t in terms})
    keywords = list(criteria.keywords)
    if not (features or keywords):
        return []
    count = len(criteria.features)
    partial = (count - 1) * FEATURES_WEIGHT // count if count else 0
    # Worked out once for every query of every ranking.
    places = _posting_places(criteria)
    telling = _feature_terms(criteria) if partial else []

    def every_feature(price_max: int | None) -> QuerySet[Listing]:
        return _with_all_terms(criteria, places, features, fitting(price_max), price_max)

    def a_keyword(price_max: int | None) -> QuerySet[Listing]:
        return _with_any_term(criteria, places, keywords, fitting(price_max), price_max)

    def some_feature(price_max: int | None) -> QuerySet[Listing]:
        return _with_any_term(criteria, places, telling, fitting(price_max), price_max)

    def every_feature_and_a_keyword(price_max: int | None) -> QuerySet[Listing]:
        # The keywords' postings narrowed like the features': the planner joins whole
        # ranges, and 王府井's are 33,000 citywide, a few thousand in the budget.
        keyword = _term_postings(criteria, places, keywords, price_max)
        return every_feature(price_max).filter(Exists(keyword.filter(listing=OuterRef("pk"))))

    # The richest kind first: its scores raise the floor the others are pruned by.
    rankings: list[tuple[Candidates, int]] = []
    if features and keywords:
        rankings.append((every_feature_and_a_keyword, FEATURES_WEIGHT + KEYWORDS_WEIGHT))
    if features:
        rankings.append((every_feature, FEATURES_WEIGHT))
    if keywords:
        rankings.append((a_keyword, partial + KEYWORDS_WEIGHT))
    if partial:
        rankings.append((some_feature, partial))
    return rankings


def listings_for_criteria(
    criteria: Criteria, *, limit: int = DEFAULT_LIMIT, now: datetime | None = None
) -> list[tuple[Listing, Match]]:
    """The best `limit` fitting listings, best first.

    Rankings in the database, each reading indexes rather than the table and pruned
    by price: first every fitting listing by the part of the score the listing row
    gives (_top_pruned), then the listings with wanted features or keywords, by kind,
    by the whole score (_term_rankings), each only among homes cheap enough to reach
    the N-th best score found so far. The true top N is among the union: a listing
    with no feature or keyword share scores only the first part, so if N others beat
    it there, they beat it overall; any other is in the ranking of its kind, where
    whoever beats it beats it overall too. The union is scored in Python and cut to N.
    """
    now = now or timezone.now()
    limit = max(1, min(limit, MAX_LIMIT))

    def fitting(price_max: int | None) -> QuerySet[Listing]:
        return fitting_listings(criteria, price_max=price_max)

    cheapest = None
    if criteria.budget_max is not None:  # without a ceiling no price earns a share
        cheapest = fitting(None).order_by("price_yuan").values_list("price_yuan", flat=True).first()
    base = compiled_score(score_expression(criteria, now, with_terms=False))
    bands = _bands(criteria, cheapest)
    # id → a score the listing reaches at least (the row's part, or the whole score).
    ranker = Ranker(limit, criteria.budget_max)
    found = dict(_top_pruned(fitting, bands, criteria, ranker, expression=base))
    whole = compiled_score(score_expression(criteria, now))
    for candidates, shares in _term_rankings(criteria, fitting):
        # N listings found reach the N-th best score found: so does the answer.
        floor = sorted(found.values(), reverse=True)[limit - 1] if len(found) >= limit else None
        # The cheapest band alone: a ranking of few homes (every feature) rarely fills
        # it, and each band tried in vain is a query.
        for pk, score_found in _top_pruned(
            candidates, bands[:1], criteria, ranker, expression=whole, shares=shares, floor=floor
        ):
            found[pk] = max(score_found, found.get(pk, score_found))
    ids = list(found)
    wanted = _wanted_terms(criteria)
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
    with request_plans():
        return listings_for_criteria(criteria_of(demand), limit=limit, now=now)
