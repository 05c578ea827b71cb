"""Housing API, mounted at /api/housing/: the public listing search and one listing;
the staff's viewings and deals (staff_api).

Never returns the owner's name or phone, the consigned price or the source ad.
"""

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cityplatform.core.pagination import Pagination
from cityplatform.housing.api_demands import router as demands_router
from cityplatform.housing.models import BuildingType, Decoration, Listing
from cityplatform.housing.search import SORTS, ListingFilters, listing_search_results
from cityplatform.housing.selectors import listing_get_public
from cityplatform.housing.staff_api import staff_router

router = Router(tags=["housing"])
# Buyers' demands and their matches: POST /demands, GET /demands/{id}/matches.
router.add_router("", demands_router)

SortKey = Literal[
    "newest", "oldest", "price", "-price", "unit_price", "-unit_price", "area", "-area"
]
assert set(SortKey.__args__) == set(SORTS)  # type: ignore[attr-defined]


class ListingOut(Schema):
    id: int
    community: str
    district: str
    bedrooms: int | None
    living_rooms: int | None
    bathrooms: int | None
    building_type: str
    decoration: str
    area_m2: float
    actual_area_m2: float | None
    floor: int | None
    price_yuan: int | None = Field(description="Total price in yuan; null is 面议.")
    unit_price_yuan: int | None
    features: list[str]
    verified: bool = Field(description="真房源: checked against the owner and the deed.")
    url: str

    @staticmethod
    def resolve_community(obj: Listing) -> str:
        return obj.community.name

    @staticmethod
    def resolve_district(obj: Listing) -> str:
        return obj.place.name

    @staticmethod
    def resolve_url(obj: Listing) -> str:
        return reverse("housing:detail", args=[obj.pk])


class ListingQuery(Schema):
    q: str = Field("", max_length=100, description="Chinese keywords, e.g. 二中, 家电齐全, 复式")
    district: str = Field("", max_length=32, description="District code or name, e.g. 天元区")
    community: str = Field("", max_length=64)
    min_price: int | None = Field(None, ge=0, le=10**10)
    max_price: int | None = Field(None, ge=0, le=10**10)
    min_area: float | None = Field(None, ge=0, le=10_000)
    max_area: float | None = Field(None, ge=0, le=10_000)
    bedrooms: int | None = Field(None, ge=0, le=20)
    building_type: BuildingType | None = None
    decoration: Decoration | None = None
    sort: SortKey = "newest"


class SearchPagination(Pagination):
    """The shared pagination, plus `count_capped`: true when the search matched so many
    homes that counting stopped at `count` (pages say "1000+")."""

    class Output(Pagination.Output):
        count_capped: bool

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        return {**page, "count_capped": bool(getattr(queryset, "capped", False))}


@router.get("/listings", response=list[ListingOut])
@paginate(SearchPagination)
def listings(request: HttpRequest, filters: Query[ListingQuery]) -> object:
    data = filters.dict()
    data["building_type"] = data["building_type"] or ""
    data["decoration"] = data["decoration"] or ""
    return listing_search_results(ListingFilters(**data))


@router.get("/listings/{listing_id}", response=ListingOut)
def listing(request: HttpRequest, listing_id: int) -> Listing:
    return listing_get_public(listing_id)


# Staff endpoints (auth required): /viewings and /deals.
router.add_router("", staff_router)
