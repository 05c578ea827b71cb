"""Listing search: the filters and keyword matching behind GET /api/housing/listings.

Keywords that name a community (or one of its aliases) exactly find that community's
listings. Other keywords are cut into terms (core.segmentation) and a listing matches
when its ListingTerm index holds all of them; the rarest term drives the lookup and
the others are probed per listing (see docs/decisions.md, "Listing search at a
million listings"). When the index finds nothing, the words are looked for in the
names and aliases of communities instead.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.query import ModelIterable

from cityplatform.core.segmentation import query_terms
from cityplatform.core.validators import clean_text
from cityplatform.housing.models import Community, CommunityAlias, ListingTerm, community_key
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
# Counting a term's postings stops here: enough to tell a rare term from a common one.
FREQUENCY_CAP = 2000


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


def _rarest_first(terms: tuple[str, ...]) -> list[str]:
    """The terms by how many listings have them (capped counts on the term index)."""
    postings = ListingTerm.objects.filter(published=True)
    return sorted(terms, key=lambda t: postings.filter(term=t)[:FREQUENCY_CAP].count())


def _postings(term: str, filters: ListingFilters, codes: list[str] | None) -> QuerySet[ListingTerm]:
    """The published listings having the term, narrowed on the index's own copies of
    district, price and bedrooms (one range of housing_term_search)."""
    postings = ListingTerm.objects.filter(term=term, published=True)
    if codes is not None:
        postings = postings.filter(place_code__in=codes)
    if filters.min_price is not None:
        postings = postings.filter(price_yuan__gte=filters.min_price)
    if filters.max_price is not None:
        postings = postings.filter(price_yuan__lte=filters.max_price)
    if filters.bedrooms is not None:
        postings = postings.filter(bedrooms=filters.bedrooms)
    return postings


def _keyword_filter(
    qs: "ListingSearchQuerySet", text: str, filters: ListingFilters, codes: list[str] | None
) -> "ListingSearchQuerySet":
    communities = named_communities(text)
    if communities:
        return qs.filter(community_id__in=communities)
    terms = query_terms(text)
    if terms:
        rarest, *others = _rarest_first(terms)
        found = qs.filter(pk__in=_postings(rarest, filters, codes).values("listing_id"))
        for term in others:
            found = found.filter(
                Exists(ListingTerm.objects.filter(listing=OuterRef("pk"), term=term))
            )
        if found.exists():
            return found
    # Words the segmenter cuts differently in a community's name: look in the names.
    for word in text.split():
        named = Community.objects.filter(
            Q(name__icontains=word) | Q(aliases__alias__icontains=word)
        ).values("pk")
        qs = qs.filter(community_id__in=named)
    return qs


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


def listing_search(filters: ListingFilters) -> ListingSearchQuerySet:
    """Published listings matching every given filter, in the requested order."""
    qs = listings_public(ListingSearchQuerySet)
    assert isinstance(qs, ListingSearchQuerySet)
    codes = district_codes(filters.district) if filters.district else None
    if codes is not None:
        qs = qs.filter(place_id__in=codes)
    if filters.community:
        qs = qs.filter(community_id__in=named_communities(filters.community))
    ranges = {
        "price_yuan__gte": filters.min_price,
        "price_yuan__lte": filters.max_price,
        "area_m2__gte": filters.min_area,
        "area_m2__lte": filters.max_area,
        "bedrooms": filters.bedrooms,
    }
    qs = qs.filter(**{k: v for k, v in ranges.items() if v is not None})
    if filters.building_type:
        qs = qs.filter(building_type=filters.building_type)
    if filters.decoration:
        qs = qs.filter(decoration=filters.decoration)
    text = clean_text(filters.q)[:QUERY_MAX_LENGTH]
    if text:
        qs = _keyword_filter(qs, text, filters, codes)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["newest"]))
