"""Listing search: the filters and keyword matching behind GET /api/housing/listings.

Keywords are cut into terms (core.segmentation) and a listing matches when its
ListingTerm index holds all of them; when that finds nothing, the words are looked
for in the community's name and the description instead.
"""

from dataclasses import dataclass

from django.db.models import Q

from cityplatform.core.segmentation import owners_with_all_terms, query_terms
from cityplatform.core.validators import clean_text
from cityplatform.housing.models import ListingTerm
from cityplatform.housing.selectors import PublicListingQuerySet, listings_public

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


def _keyword_filter(qs: PublicListingQuerySet, text: str) -> PublicListingQuerySet:
    terms = query_terms(text)
    if terms:
        matching = owners_with_all_terms(ListingTerm.objects.all(), "listing_id", terms)
        found = qs.filter(pk__in=matching)
        if found.exists():
            return found
    for word in text.split():
        qs = qs.filter(
            Q(community__name__icontains=word)
            | Q(community__aliases__alias__icontains=word)
            | Q(description__icontains=word)
        ).distinct()
    return qs


def listing_search(filters: ListingFilters) -> PublicListingQuerySet:
    """Published listings matching every given filter, in the requested order."""
    qs = listings_public()
    if filters.district:
        if filters.district.isdigit():
            qs = qs.filter(place__code__startswith=filters.district.rstrip("0")[:6])
        else:
            qs = qs.filter(place__name=filters.district)
    if filters.community:
        qs = qs.filter(
            Q(community__name=filters.community) | Q(community__aliases__alias=filters.community)
        ).distinct()
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
        qs = _keyword_filter(qs, text)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["newest"]))
