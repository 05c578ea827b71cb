"""Staff endpoints of the housing API (token or session; mounted under /api/housing/):
viewings (list mine or my district's, book, record the outcome) and deals (list,
open, advance, fall through, read with the timeline).

401 without credentials, 403 without a housing role, 404 for what lies outside the
user's district, 409 for a move the workflow does not allow (a double booking, a
deal already closed), 422 for bad input. Buyers' phones are masked in every answer.
Money is a decimal string ("780000.00").
"""

from datetime import date, datetime
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictInt, StrictStr

from cityplatform.accounts.auth import api_auth
from cityplatform.core.pagination import Pagination
from cityplatform.core.validators import mask_phone
from cityplatform.housing import services, staff_selectors
from cityplatform.housing.models import Deal, DealEvent, DealStage, Viewing
from cityplatform.housing.permissions import is_housing_staff
from cityplatform.housing.selectors import listing_get_for_staff

staff_router = Router(tags=["housing staff"], auth=api_auth)

ViewingStatusValue = Literal["scheduled", "done", "cancelled", "no_show"]
OutcomeValue = Literal["done", "cancelled", "no_show"]
StageValue = Literal["offer", "contract", "payment", "transfer", "closed", "fallen_through"]
# Caps that only keep absurd bodies out; the services check lengths with their messages.
TEXT_CAP = 10_000


def _staff(request: HttpRequest) -> Any:
    if not is_housing_staff(request.user):
        raise PermissionDenied
    return request.user


def _user(user_id: int | None, field: str) -> Any:
    """The active user with this id, or a 422 naming the field."""
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise ValidationError({field: [gettext("There is no such staff member.")]})
    return user


# --- Viewings --------------------------------------------------------------------


class ViewingOut(Schema):
    id: int
    listing_id: int
    community: str
    district: str
    staff_id: int
    staff: str
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    status: ViewingStatusValue
    buyer_name: str
    buyer_phone: str = Field(description="Masked: 138****5678.")
    outcome_notes: str

    @staticmethod
    def resolve_community(obj: Viewing) -> str:
        return obj.listing.community.name

    @staticmethod
    def resolve_district(obj: Viewing) -> str:
        return obj.listing.place.name

    @staticmethod
    def resolve_staff(obj: Viewing) -> str:
        return str(obj.staff)

    @staticmethod
    def resolve_buyer_phone(obj: Viewing) -> str:
        return mask_phone(obj.buyer_phone)


class ViewingFilters(Schema):
    mine: bool = Field(True, description="Only my viewings; false: my district's.")
    # Bounded: a day at the ends of the calendar has no local midnight in UTC.
    day: date | None = Field(
        None,
        ge=date(2000, 1, 1),
        le=date(2099, 12, 31),
        description="One local day, e.g. 2026-03-18.",
    )
    status: ViewingStatusValue | None = None


class ViewingIn(Schema):
    listing_id: int = Field(..., ge=1, le=2**63 - 1)
    buyer_name: str = Field(..., max_length=TEXT_CAP)
    buyer_phone: str = Field(..., max_length=TEXT_CAP)
    starts_at: datetime = Field(..., description="Without a time zone: 株洲 local time.")
    duration_minutes: int = Field(60, description="15 to 180.")
    staff_id: int | None = Field(None, ge=1, le=2**63 - 1, description="Default: me.")


class ViewingOutcomeIn(Schema):
    status: OutcomeValue
    notes: str = Field("", max_length=TEXT_CAP)


@staff_router.get("/viewings", response=list[ViewingOut])
@paginate(Pagination)
def viewings(request: HttpRequest, filters: Query[ViewingFilters]) -> object:
    return staff_selectors.viewings_for_staff(
        _staff(request), mine=filters.mine, day=filters.day, status=filters.status
    )


@staff_router.post("/viewings", response={201: ViewingOut})
def viewing_create(request: HttpRequest, payload: ViewingIn) -> Status[Viewing]:
    user = _staff(request)
    listing = listing_get_for_staff(user, payload.listing_id)
    viewing = services.viewing_book(
        listing=listing,
        actor=user,
        buyer_name=payload.buyer_name,
        buyer_phone=payload.buyer_phone,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        staff=_user(payload.staff_id, "staff_id"),
    )
    return Status(201, staff_selectors.viewing_get_for_staff(user, viewing.pk))


@staff_router.get("/viewings/{viewing_id}", response=ViewingOut)
def viewing(request: HttpRequest, viewing_id: int) -> Viewing:
    return staff_selectors.viewing_get_for_staff(_staff(request), viewing_id)


@staff_router.post("/viewings/{viewing_id}/outcome", response=ViewingOut)
def viewing_outcome(request: HttpRequest, viewing_id: int, payload: ViewingOutcomeIn) -> Viewing:
    user = _staff(request)
    obj = staff_selectors.viewing_get_for_staff(user, viewing_id)
    services.viewing_record_outcome(
        viewing=obj, actor=user, status=payload.status, notes=payload.notes
    )
    return obj


# --- Deals -----------------------------------------------------------------------


class DealEventOut(Schema):
    at: datetime
    actor: str | None
    from_stage: str
    to_stage: StageValue
    agreed_price_yuan: str
    note: str

    @staticmethod
    def resolve_actor(obj: DealEvent) -> str | None:
        return None if obj.actor is None else str(obj.actor)

    @staticmethod
    def resolve_agreed_price_yuan(obj: DealEvent) -> str:
        return f"{obj.agreed_price_yuan:.2f}"


class DealOut(Schema):
    id: int
    listing_id: int
    community: str
    stage: StageValue
    stage_label: str
    next_stage: StageValue | None
    agreed_price_yuan: str = Field(description='Yuan, a decimal string: "780000.00".')
    buyer_name: str
    buyer_phone: str = Field(description="Masked: 138****5678.")
    staff_id: int
    opened_at: datetime
    ended_at: datetime | None
    url: str

    @staticmethod
    def resolve_community(obj: Deal) -> str:
        return obj.listing.community.name

    @staticmethod
    def resolve_stage_label(obj: Deal) -> str:
        return str(DealStage(obj.stage).label)

    @staticmethod
    def resolve_agreed_price_yuan(obj: Deal) -> str:
        return f"{obj.agreed_price_yuan:.2f}"

    @staticmethod
    def resolve_buyer_phone(obj: Deal) -> str:
        return mask_phone(obj.buyer_phone)

    @staticmethod
    def resolve_url(obj: Deal) -> str:
        return reverse("housing:deal", args=[obj.pk])


class DealDetailOut(DealOut):
    events: list[DealEventOut]

    @staticmethod
    def resolve_events(obj: Deal) -> list[DealEvent]:
        return list(staff_selectors.deal_events(obj))


class DealFilters(Schema):
    stage: StageValue | None = None
    open: bool = Field(False, description="Only deals still open.")


class DealIn(Schema):
    listing_id: int = Field(..., ge=1, le=2**63 - 1)
    buyer_name: str = Field(..., max_length=TEXT_CAP)
    buyer_phone: str = Field(..., max_length=TEXT_CAP)
    # Strict: a JSON float (780000.5) or a boolean is refused, never rounded.
    agreed_price_yuan: StrictStr | StrictInt = Field(
        ..., description='Yuan: "780000.00" or 780000.'
    )
    note: str = Field("", max_length=TEXT_CAP)
    staff_id: int | None = Field(None, ge=1, le=2**63 - 1, description="Default: me.")


class DealAdvanceIn(Schema):
    note: str = Field("", max_length=TEXT_CAP)
    agreed_price_yuan: StrictStr | StrictInt | None = Field(
        None, description="A new agreed price, if any."
    )
    expected_stage: StageValue | None = Field(
        None, description="The stage you saw: 409 if the deal has moved on meanwhile."
    )


class DealFallThroughIn(Schema):
    note: str = Field(..., max_length=TEXT_CAP, description="Why it fell through.")


@staff_router.get("/deals", response=list[DealOut])
@paginate(Pagination)
def deals(request: HttpRequest, filters: Query[DealFilters]) -> object:
    return staff_selectors.deals_for_staff(
        _staff(request), stage=filters.stage, open_only=filters.open
    )


@staff_router.post("/deals", response={201: DealDetailOut})
def deal_create(request: HttpRequest, payload: DealIn) -> Status[Deal]:
    user = _staff(request)
    listing = listing_get_for_staff(user, payload.listing_id)
    deal = services.deal_open(
        listing=listing,
        actor=user,
        buyer_name=payload.buyer_name,
        buyer_phone=payload.buyer_phone,
        agreed_price_yuan=payload.agreed_price_yuan,
        note=payload.note,
        staff=_user(payload.staff_id, "staff_id"),
    )
    return Status(201, staff_selectors.deal_get_for_staff(user, deal.pk))


@staff_router.get("/deals/{deal_id}", response=DealDetailOut)
def deal(request: HttpRequest, deal_id: int) -> Deal:
    return staff_selectors.deal_get_for_staff(_staff(request), deal_id)


@staff_router.post("/deals/{deal_id}/advance", response=DealDetailOut)
def deal_advance(request: HttpRequest, deal_id: int, payload: DealAdvanceIn) -> Deal:
    user = _staff(request)
    obj = staff_selectors.deal_get_for_staff(user, deal_id)
    services.deal_advance(
        deal=obj,
        actor=user,
        note=payload.note,
        agreed_price_yuan=payload.agreed_price_yuan,
        expected_stage=payload.expected_stage,
    )
    return obj


@staff_router.post("/deals/{deal_id}/fall-through", response=DealDetailOut)
def deal_fall_through(request: HttpRequest, deal_id: int, payload: DealFallThroughIn) -> Deal:
    user = _staff(request)
    obj = staff_selectors.deal_get_for_staff(user, deal_id)
    services.deal_fall_through(deal=obj, actor=user, note=payload.note)
    return obj
