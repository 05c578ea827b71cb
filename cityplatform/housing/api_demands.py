"""Buyers' demands in the housing API (mounted under /api/housing/ by housing.api).

- `POST /demands`: anyone registers a demand (throttled per client address, one
  budget with the public page: housing.throttles). The
  answer never repeats the buyer's name or phone.
- `GET /demands/{id}/matches`: housing staff (token or session) get the demand's best
  published listings with score and reasons; a demand outside their jurisdiction
  answers 404.
"""

from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from cityplatform.accounts.auth import api_auth
from cityplatform.housing.matching.criteria import reasons_text
from cityplatform.housing.matching.forward import DEFAULT_LIMIT, MAX_LIMIT
from cityplatform.housing.selectors_matching import demand_matches
from cityplatform.housing.services import demand_register
from cityplatform.housing.throttles import demand_budget
from cityplatform.portal.selectors import platform_contact

router = Router(tags=["housing"])


class DemandIn(Schema):
    # Ranges and lengths are checked by the service with translated messages; these
    # caps only keep absurd bodies out.
    buyer_name: str = Field(..., max_length=1000)
    buyer_phone: str = Field(..., max_length=1000)
    districts: list[str] = Field(
        default_factory=list, max_length=50, description="District codes or names, e.g. 天元区"
    )
    communities: list[str] = Field(default_factory=list, max_length=50)
    budget_min_yuan: int | None = None
    budget_max_yuan: int | None = None
    bedrooms_min: int | None = None
    bedrooms_max: int | None = None
    area_min_m2: Decimal | None = None
    area_max_m2: Decimal | None = None
    building_types: list[str] = Field(default_factory=list, max_length=50)
    features: list[str] = Field(default_factory=list, max_length=50)
    keywords: str = Field("", max_length=1000)
    notes: str = Field("", max_length=10000)
    notice_preference: Literal["instant", "digest"] = "instant"
    digest_max_listings: int | None = None


class DemandCreatedOut(Schema):
    id: int
    status: str
    message: str
    hotline: str


class MatchListingOut(Schema):
    id: int
    community: str
    district: str
    bedrooms: int | None
    area_m2: Decimal
    price_yuan: int | None
    verified: bool
    url: str


class MatchOut(Schema):
    listing: MatchListingOut
    score: int = Field(description="0-100")
    reasons: list[str]


class DemandMatchesOut(Schema):
    demand_id: int
    status: str
    items: list[MatchOut]


class MatchesQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.post(
    "/demands",
    response={201: DemandCreatedOut},
    # The budget the public page counts against too (housing.throttles).
    throttle=[demand_budget()],
)
def demand_create(request: HttpRequest, payload: DemandIn) -> Status[DemandCreatedOut]:
    demand = demand_register(**payload.dict())
    contact = platform_contact()
    return Status(
        201,
        DemandCreatedOut(
            id=demand.pk,
            status=demand.status,
            message=_("Thank you. A member of our housing staff will call you soon."),
            hotline=contact.housing_hotline if contact is not None else "",
        ),
    )


@router.get("/demands/{demand_id}/matches", response=DemandMatchesOut, auth=api_auth)
def demand_match_list(
    request: HttpRequest, demand_id: int, query: Query[MatchesQuery]
) -> DemandMatchesOut:
    demand, matches = demand_matches(request.user, demand_id, limit=query.limit)
    return DemandMatchesOut(
        demand_id=demand.pk,
        status=demand.status,
        items=[
            MatchOut(
                listing=MatchListingOut(
                    id=listing.pk,
                    community=listing.community.name,
                    district=listing.place.name,
                    bedrooms=listing.bedrooms,
                    area_m2=listing.area_m2,
                    price_yuan=listing.price_yuan,
                    verified=listing.verified,
                    url=reverse("housing:detail", args=[listing.pk]),
                ),
                score=match.score,
                reasons=reasons_text(match.reasons),
            )
            for listing, match in matches
        ],
    )
