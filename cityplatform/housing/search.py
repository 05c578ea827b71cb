"""Listing search: the filters and keyword matching behind GET /api/housing/listings.

Keywords that name a community (or one of its aliases) exactly find that community's
listings. Other keywords are cut into terms (core.segmentation) and a listing matches
when its ListingTerm index holds all of them; the rarest term drives the lookup and
the others are probed per listing (see docs/decisions.md, "Listing search at a
million listings"). When the index finds nothing, the words are looked for in the
names and aliases of communities instead.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.query import ModelIterable

from cityplatform.core.segmentation import query_terms
from cityplatform.core.validators import clean_text
from cityplatform.housing.models import Community, CommunityAlias, ListingTerm, community_key
from cityplatform.housing.search_results import (
    RowTest,
    SearchResults,
    TermPostings,
    first_matches,
)
from cityplatform.housing.search_terms import FREQUENCY_CAP, rarest_first, term_frequency
from cityplatform.housing.selectors import PublicListingQuerySet, listings_public
from cityplatform.places.models import Place

SORTS = {
    "newest": ("-first_listed_at", "-id"),
    "oldest": ("first_listed_at", "id"),
    "price": ("price_yuan", "id"),
    "-price": ("-price_yuan", "-id"),
    "unit_price": ("unit_price_yuan", "id"),
    "-unit_price": ("-unit_price_yuan", "-id"),
    "area": ("area_m2", "id"),
    "-area": ("-area_m2", "-id"),
}
QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class ListingFilters:
    q: str = ""
    district: str = ""  # a district or county code, e.g. 430211000000 (天元区), or its name
    community: str = ""  # a community's name or alias
    min_price: int | None = None
    max_price: int | None = None
    min_area: float | None = None
    max_area: float | None = None
    bedrooms: int | None = None
    building_type: str = ""
    decoration: str = ""
    sort: str = "newest"


def named_communities(name: str) -> list[int]:
    """Ids of the communities called `name`, by their name or an alias."""
    key = community_key(name)
    ids = set(Community.objects.filter(key=key).values_list("pk", flat=True))
    ids |= set(CommunityAlias.objects.filter(key=key).values_list("community_id", flat=True))
    return sorted(ids)


def _postings(term: str, filters: ListingFilters, codes: list[str] | None) -> QuerySet[ListingTerm]:
    """The published listings having the term, narrowed on the index's own copies of
    district, price and bedrooms (one range of housing_term_search)."""
    postings = ListingTerm.objects.published().filter(term=term)
    if codes is not None:
        postings = postings.filter(place_code__in=codes)
    if filters.min_price is not None:
        postings = postings.filter(price_yuan__gte=filters.min_price)
    if filters.max_price is not None:
        postings = postings.filter(price_yuan__lte=filters.max_price)
    if filters.bedrooms is not None:
        postings = postings.filter(bedrooms=filters.bedrooms)
    return postings


@dataclass
class _Keywords:
    """A keyword query as a condition driven by the indexes (`indexed`: the rarest
    term's postings, or communities), and as what search_results.RowTest tests: the
    communities allowed, or the terms (rarest first)."""

    indexed: Q
    communities: frozenset[int] | None = None
    terms: tuple[str, ...] = ()
    # The first matches (search_results.first_matches): from the term index alone
    # (no listing row read) when the postings carry every other filter.
    first_ids: list[int] | None = None
    # The rarest term's postings, when they are few enough to read in one go.
    rarest: TermPostings | None = None
    # The matches as postings, which carry the sort keys: a one-term search whose other
    # filters the postings carry copies of.
    postings: QuerySet[ListingTerm] | None = None


def _read_once(
    term: str, postings: QuerySet[ListingTerm], *, covers_filters: bool
) -> TermPostings | None:
    """The term's postings (from _postings) for a long walk to read, unless counting
    them stopped at FREQUENCY_CAP: too many to read at once. `covers_filters`: the
    postings carry copies of every filter the search has."""
    count = term_frequency(term)
    if count >= FREQUENCY_CAP:
        return None
    ids = postings.values_list("listing_id", flat=True)
    return TermPostings(term=term, ids=ids, count=count, covers_filters=covers_filters)


def _has_term(term: str) -> Exists:
    return Exists(ListingTerm.objects.filter(listing=OuterRef("pk"), term=term))


def _keywords(
    qs: "ListingSearchQuerySet", text: str, filters: ListingFilters, codes: list[str] | None
) -> _Keywords:
    communities = named_communities(text)
    if communities:
        return _Keywords(Q(community_id__in=communities), communities=frozenset(communities))
    terms = query_terms(text)
    if terms:
        rarest, *others = rarest_first(terms)
        postings = rarest_postings = _postings(rarest, filters, codes)
        indexed = Q(pk__in=postings.values("listing_id"))
        for term in others:
            indexed &= Q(_has_term(term))
            # Each term's postings narrowed by the copies too: the planner may join whole
            # ranges, and 学区房's in a district and price band are 3,000, not 71,000.
            postings = postings.filter(
                Exists(_postings(term, filters, codes).filter(listing=OuterRef("listing_id")))
            )
        copied = not (filters.min_area or filters.max_area or filters.community)
        copied = copied and not (filters.building_type or filters.decoration)
        # Any match at all? From the postings alone when they carry every filter; the
        # first matches are the count of the pages too.
        if copied:
            first = first_matches(postings.values_list("listing_id", flat=True))
        else:
            first = first_matches(qs.filter(indexed).values_list("pk", flat=True))
        if first:
            return _Keywords(
                indexed,
                terms=(rarest, *others),
                first_ids=first,
                rarest=_read_once(rarest, rarest_postings, covers_filters=copied),
                postings=rarest_postings if copied and not others else None,
            )
    # Words the segmenter cuts differently in a community's name: look in the names.
    named_like: set[int] | None = None
    for word in text.split():
        found = set(
            Community.objects.filter(
                Q(name__icontains=word) | Q(aliases__alias__icontains=word)
            ).values_list("pk", flat=True)
        )
        named_like = found if named_like is None else named_like & found
    allowed = frozenset(named_like or ())
    return _Keywords(Q(community_id__in=allowed), communities=allowed)


class ListingSearchQuerySet(PublicListingQuerySet):
    """Search results whose pages are read ids first: the ids of one page come from the
    covering index (filters, sort and all), then only those rows are read, instead of
    sorting every matching row with all its columns."""

    def __getitem__(self, k: Any) -> Any:
        if (
            isinstance(k, slice)
            and self._result_cache is None
            and self._iterable_class is ModelIterable
        ):
            ids = list(self.values_list("pk", flat=True)[k])
            rows = {x.pk: x for x in self.filter(pk__in=ids)}
            return [rows[pk] for pk in ids if pk in rows]
        return super().__getitem__(k)


def district_codes(district: str) -> list[str]:
    """The places a listing in this place (a code or a name) may carry: listings sit at
    a district or county, or at 株洲市 while their district is unknown. An equality
    list, so the filter is an index lookup rather than a prefix match."""
    lookup = {"code": district} if district.isdigit() else {"name": district}
    codes: set[str] = set()
    for place in Place.objects.filter(**lookup):
        within = Place.objects.filter(
            code__startswith=place.prefix, level__lte=Place.Level.COUNTY
        ).values_list("code", flat=True)
        codes |= set(within) | {place.code}
    return sorted(codes)


def _search(
    filters: ListingFilters,
) -> tuple[ListingSearchQuerySet, RowTest, _Keywords | None]:
    """Every match (unordered, found through the indexes), the same search as a test
    of one row (search_results.RowTest), and the keywords' index lookups, if any."""
    qs = listings_public(ListingSearchQuerySet).order_by()
    assert isinstance(qs, ListingSearchQuerySet)
    test: dict[str, Any] = {}
    codes = district_codes(filters.district) if filters.district else None
    if codes is not None:
        qs = qs.filter(place_id__in=codes)
        test["place_codes"] = tuple(codes)
    community_sets = []
    if filters.community:
        named = named_communities(filters.community)
        qs = qs.filter(community_id__in=named)
        community_sets.append(frozenset(named))
    ranges = {
        "price_yuan__gte": filters.min_price,
        "price_yuan__lte": filters.max_price,
        "area_m2__gte": filters.min_area,
        "area_m2__lte": filters.max_area,
        "bedrooms": filters.bedrooms,
    }
    qs = qs.filter(**{k: v for k, v in ranges.items() if v is not None})
    test.update(
        min_price=filters.min_price,
        max_price=filters.max_price,
        min_area=_decimal(filters.min_area),
        max_area=_decimal(filters.max_area),
        bedrooms=filters.bedrooms,
        building_type=filters.building_type,
        decoration=filters.decoration,
    )
    if filters.building_type:
        qs = qs.filter(building_type=filters.building_type)
    if filters.decoration:
        qs = qs.filter(decoration=filters.decoration)
    text = clean_text(filters.q)[:QUERY_MAX_LENGTH]
    keywords = None
    if text:
        keywords = _keywords(qs, text, filters, codes)
        qs = qs.filter(keywords.indexed)
        if keywords.communities is not None:
            community_sets.append(keywords.communities)
        test["terms"] = keywords.terms
    return qs, RowTest(community_sets=tuple(community_sets), **test), keywords


def _decimal(value: float | None) -> Decimal | None:
    # The filter's float as the database compares it with a DECIMAL column.
    return None if value is None else Decimal(str(value))


def listing_search(filters: ListingFilters) -> ListingSearchQuerySet:
    """Published listings matching every given filter, in the requested order."""
    matches, _, _ = _search(filters)
    return matches.order_by(*_order(filters.sort))


def listing_search_results(filters: ListingFilters) -> SearchResults:
    """The search as pages: a capped count, and pages read the cheaper way (see
    housing.search_results)."""
    matches, test, keywords = _search(filters)
    return SearchResults(
        matches=matches,
        test=test,
        order=_order(filters.sort),
        first_ids=keywords.first_ids if keywords else None,
        rarest=keywords.rarest if keywords else None,
        postings=keywords.postings if keywords else None,
    )


def _order(sort: str) -> tuple[str, ...]:
    return SORTS.get(sort, SORTS["newest"])
