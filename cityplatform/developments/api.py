"""Developments API, mounted at /api/developments/.

Public: developments being promoted (list with filters, and one with its unit types,
photos, price summary and the platform's hotline) and sending an enquiry (throttled
per client address). Staff (token or session): enquiry handlers list, open (full
phone, audited) and work enquiries; developments editors create developments with
their unit types and move the sale status. Money is a decimal string ("8500.00").
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cityplatform.accounts.auth import api_auth
from cityplatform.accounts.jurisdiction import get_visible_or_404
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.pagination import Pagination
from cityplatform.core.validators import mask_phone
from cityplatform.developments import selectors
from cityplatform.developments.models import (
    Development,
    DevelopmentPhoto,
    Enquiry,
    EnquiryEvent,
    UnitType,
)
from cityplatform.developments.permissions import is_editor, is_handler
from cityplatform.developments.selectors import DevelopmentFilters, PriceSummary
from cityplatform.developments.services import (
    development_change_status,
    development_create,
    enquiry_add_note,
    enquiry_submit,
    enquiry_transition,
    unit_type_add,
)
from cityplatform.developments.throttle import enquiry_throttle_check
from cityplatform.places.models import Place
from cityplatform.portal.selectors import platform_contact

router = Router(tags=["developments"])

SaleStatusValue = Literal["upcoming", "on_sale", "sold_out"]
EnquiryStatusValue = Literal["new", "contacted", "closed"]
ContactTimeValue = Literal["any", "morning", "afternoon", "evening", "weekend"]


def money(value: Decimal | str | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


# --- Public -----------------------------------------------------------------------


class DevelopmentOut(Schema):
    id: int
    name: str
    developer_name: str
    district: str
    district_code: str
    address: str
    status: str
    status_label: str
    min_unit_price: str | None = Field(description="Yuan per m², a decimal string.")
    max_unit_price: str | None
    min_total_price: str | None = Field(description="Yuan, a decimal string.")
    max_total_price: str | None
    min_area_m2: str | None
    max_area_m2: str | None
    units_available: int
    features: list[str]
    promotion_starts_on: date
    promotion_ends_on: date
    cover_photo: str | None
    url: str

    @staticmethod
    def resolve_district(obj: Development) -> str:
        return obj.place.name

    @staticmethod
    def resolve_district_code(obj: Development) -> str:
        return obj.place_id

    @staticmethod
    def resolve_status_label(obj: Development) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_min_unit_price(obj: Development) -> str | None:
        return money(obj.min_unit_price)

    @staticmethod
    def resolve_max_unit_price(obj: Development) -> str | None:
        return money(obj.max_unit_price)

    @staticmethod
    def resolve_min_total_price(obj: Development) -> str | None:
        return money(obj.min_total_price)

    @staticmethod
    def resolve_max_total_price(obj: Development) -> str | None:
        return money(obj.max_total_price)

    @staticmethod
    def resolve_min_area_m2(obj: Development) -> str | None:
        return money(getattr(obj, "min_area", None))

    @staticmethod
    def resolve_max_area_m2(obj: Development) -> str | None:
        return money(getattr(obj, "max_area", None))

    @staticmethod
    def resolve_units_available(obj: Development) -> int:
        return getattr(obj, "units_available", None) or 0

    @staticmethod
    def resolve_cover_photo(obj: Development) -> str | None:
        photos = list(obj.photos.all())
        return photos[0].image.url if photos else None

    @staticmethod
    def resolve_url(obj: Development) -> str:
        return reverse("developments:detail", args=[obj.pk])


class UnitTypeOut(Schema):
    id: int
    name: str
    bedrooms: int
    living_rooms: int
    bathrooms: int
    area_m2: str
    available_units: int
    reference_price: str | None = Field(description="Total price in yuan, a decimal string.")

    @staticmethod
    def resolve_area_m2(obj: UnitType) -> str | None:
        return money(obj.area_m2)

    @staticmethod
    def resolve_reference_price(obj: UnitType) -> str | None:
        return money(obj.reference_price)


class PhotoOut(Schema):
    url: str
    caption: str
    width: int | None
    height: int | None

    @staticmethod
    def resolve_url(obj: DevelopmentPhoto) -> str:
        return obj.image.url


class PriceSummaryOut(Schema):
    min_unit_price: str | None
    max_unit_price: str | None
    min_total_price: str | None
    max_total_price: str | None
    min_area_m2: str | None
    max_area_m2: str | None
    units_available: int
    unit_type_count: int


def _summary_out(summary: PriceSummary) -> PriceSummaryOut:
    return PriceSummaryOut(
        min_unit_price=money(summary.min_unit_price),
        max_unit_price=money(summary.max_unit_price),
        min_total_price=money(summary.min_total_price),
        max_total_price=money(summary.max_total_price),
        min_area_m2=money(summary.min_area),
        max_area_m2=money(summary.max_area),
        units_available=summary.units_available,
        unit_type_count=summary.unit_type_count,
    )


class DevelopmentDetailOut(DevelopmentOut):
    developer_credit_code: str
    description_html: str = Field(description="The description, rendered and sanitised.")
    unit_types: list[UnitTypeOut]
    photos: list[PhotoOut]
    price_summary: PriceSummaryOut
    hotline: str = Field(description="The platform's home-buying hotline.")

    @staticmethod
    def resolve_unit_types(obj: Development) -> list[UnitType]:
        return list(selectors.development_unit_types(obj))

    @staticmethod
    def resolve_photos(obj: Development) -> list[DevelopmentPhoto]:
        return list(obj.photos.all())

    @staticmethod
    def resolve_price_summary(obj: Development) -> PriceSummaryOut:
        return _summary_out(selectors.price_summary(obj))

    @staticmethod
    def resolve_hotline(obj: Development) -> str:
        contact = platform_contact()
        return contact.housing_hotline if contact is not None else ""


class DevelopmentQuery(Schema):
    district: str = Field("", max_length=32, description="District code or name, e.g. 天元区")
    status: SaleStatusValue | None = None
    min_price: Decimal | None = Field(None, ge=0, le=10**9, description="Yuan per m²")
    max_price: Decimal | None = Field(None, ge=0, le=10**9, description="Yuan per m²")
    bedrooms: int | None = Field(None, ge=0, le=20)


@router.get("/developments", response=list[DevelopmentOut])
@paginate(Pagination)
def developments(request: HttpRequest, filters: Query[DevelopmentQuery]) -> object:
    return selectors.development_search(
        DevelopmentFilters(
            district=filters.district,
            status=filters.status or "",
            min_unit_price=filters.min_price,
            max_unit_price=filters.max_price,
            bedrooms=filters.bedrooms,
        )
    )


@router.get("/developments/{development_id}", response=DevelopmentDetailOut)
def development(request: HttpRequest, development_id: int) -> Development:
    return selectors.development_get_public(development_id)


class EnquiryIn(Schema):
    # Lengths and the phone are checked by the service with translated messages;
    # these caps only keep absurd bodies out.
    name: str = Field(..., max_length=1000)
    phone: str = Field(..., max_length=1000)
    unit_type_id: int | None = Field(None, ge=1, le=2**63 - 1)
    contact_time: ContactTimeValue = "any"
    message: str = Field("", max_length=10000)


class EnquiryCreatedOut(Schema):
    id: int
    status: str
    created_at: datetime


@router.post("/developments/{development_id}/enquiries", response={201: EnquiryCreatedOut})
def enquiry_create(
    request: HttpRequest, development_id: int, payload: EnquiryIn
) -> Status[Enquiry]:
    enquiry_throttle_check(request)
    enquiry = enquiry_submit(
        development=selectors.development_get_public(development_id),
        name=payload.name,
        phone=payload.phone,
        contact_time=payload.contact_time,
        message=payload.message,
        unit_type=payload.unit_type_id,
    )
    return Status(201, enquiry)


# --- Enquiry handlers -------------------------------------------------------------


class EnquiryOut(Schema):
    id: int
    development_id: int
    development_name: str
    unit_type: str | None
    name: str
    phone: str = Field(description="Masked (138****5678); the detail has the full number.")
    contact_time: str
    message: str
    status: str
    created_at: datetime
    contacted_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_development_name(obj: Enquiry) -> str:
        return obj.development.name

    @staticmethod
    def resolve_unit_type(obj: Enquiry) -> str | None:
        return obj.unit_type.name if obj.unit_type is not None else None

    @staticmethod
    def resolve_phone(obj: Enquiry) -> str:
        return mask_phone(obj.phone)


class EnquiryEventOut(Schema):
    at: datetime
    actor: str | None
    from_status: str
    to_status: str
    note: str

    @staticmethod
    def resolve_actor(obj: EnquiryEvent) -> str | None:
        return str(obj.actor) if obj.actor is not None else None


class EnquiryDetailOut(EnquiryOut):
    events: list[EnquiryEventOut]

    @staticmethod
    def resolve_phone(obj: Enquiry) -> str:
        return obj.phone

    @staticmethod
    def resolve_events(obj: Enquiry) -> list[EnquiryEvent]:
        return list(selectors.enquiry_events(obj))


class EnquiryFilters(Schema):
    status: EnquiryStatusValue | None = None
    development: int | None = Field(None, ge=1, le=2**63 - 1)


class TransitionIn(Schema):
    to_status: Literal["contacted", "closed"]
    note: str = Field("", max_length=10000)


class NoteIn(Schema):
    note: str = Field(..., max_length=10000)


def _require_handler(request: HttpRequest) -> None:
    if not is_handler(request.user):
        raise DomainError(
            "forbidden", gettext("Only enquiry handlers may see enquiries."), status=403
        )


@router.get("/enquiries", response=list[EnquiryOut], auth=api_auth)
@paginate(Pagination)
def enquiries(request: HttpRequest, filters: Query[EnquiryFilters]) -> object:
    _require_handler(request)
    return selectors.enquiries_for_handler(
        user=request.user, status=filters.status, development=filters.development
    )


@router.get("/enquiries/{enquiry_id}", response=EnquiryDetailOut, auth=api_auth)
def enquiry(request: HttpRequest, enquiry_id: int) -> Enquiry:
    _require_handler(request)
    obj = selectors.enquiry_get_for_handler(user=request.user, pk=enquiry_id)
    # The answer carries the buyer's full phone number.
    audit_record(action=Action.VIEW, obj=obj, request=request)
    return obj


@router.post("/enquiries/{enquiry_id}/transition", response=EnquiryDetailOut, auth=api_auth)
def enquiry_transition_api(request: HttpRequest, enquiry_id: int, payload: TransitionIn) -> Enquiry:
    _require_handler(request)
    obj = selectors.enquiry_get_for_handler(user=request.user, pk=enquiry_id)
    enquiry_transition(
        enquiry=obj, actor=request.user, to_status=payload.to_status, note=payload.note
    )
    return selectors.enquiry_get_for_handler(user=request.user, pk=enquiry_id)


@router.post("/enquiries/{enquiry_id}/notes", response={201: EnquiryDetailOut}, auth=api_auth)
def enquiry_note(request: HttpRequest, enquiry_id: int, payload: NoteIn) -> Status[Enquiry]:
    _require_handler(request)
    obj = selectors.enquiry_get_for_handler(user=request.user, pk=enquiry_id)
    enquiry_add_note(enquiry=obj, actor=request.user, note=payload.note)
    return Status(201, obj)


# --- Developments editors ---------------------------------------------------------


class UnitTypeIn(Schema):
    # Numbers are checked by the services (Chinese messages); the schema only types them.
    name: str = Field(..., max_length=1000)
    bedrooms: int = Field(..., ge=-(2**31), le=2**31)
    living_rooms: int = Field(0, ge=-(2**31), le=2**31)
    bathrooms: int = Field(0, ge=-(2**31), le=2**31)
    area_m2: Decimal
    available_units: int = Field(0, ge=-(2**31), le=2**31)
    reference_price: Decimal | None = None
    order: int = Field(0, ge=0, le=32767)


class DevelopmentIn(Schema):
    name: str = Field(..., max_length=1000)
    developer_name: str = Field(..., max_length=1000)
    developer_credit_code: str = Field("", max_length=100)
    place: str = Field(..., max_length=12, description="The district's 12-digit code")
    address: str = Field(..., max_length=1000)
    status: SaleStatusValue = "upcoming"
    min_unit_price: Decimal | None = None
    max_unit_price: Decimal | None = None
    min_total_price: Decimal | None = None
    max_total_price: Decimal | None = None
    promotion_starts_on: date
    promotion_ends_on: date
    description: str = Field("", max_length=100_000)
    features: list[str] = Field(default_factory=list, max_length=100)
    is_published: bool = False
    unit_types: list[UnitTypeIn] = Field(default_factory=list, max_length=100)


class StatusIn(Schema):
    to_status: SaleStatusValue
    note: str = Field("", max_length=10000)


class DevelopmentStaffOut(Schema):
    id: int
    name: str
    status: str
    is_published: bool
    url: str

    @staticmethod
    def resolve_url(obj: Development) -> str:
        return reverse("developments:detail", args=[obj.pk])


def _require_editor(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise DomainError(
            "forbidden", gettext("Only developments editors may do this."), status=403
        )


def _place(code: str) -> Place:
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise ValidationError(
            {"place": [gettext("Choose a district or county (区, 县 or 县级市).")]}
        )
    return place


@router.post("/developments", response={201: DevelopmentStaffOut}, auth=api_auth)
def development_create_api(request: HttpRequest, payload: DevelopmentIn) -> Status[Development]:
    _require_editor(request)
    data = payload.dict()
    unit_types = data.pop("unit_types")
    status = data.pop("status")
    data["place"] = _place(data["place"])
    created = development_create(actor=request.user, status=status, unit_types=unit_types, **data)
    return Status(201, created)


def _editable(request: HttpRequest, development_id: int) -> Development:
    _require_editor(request)
    return get_visible_or_404(Development.objects.all(), request.user, pk=development_id)


@router.post(
    "/developments/{development_id}/unit-types", response={201: UnitTypeOut}, auth=api_auth
)
def unit_type_create_api(
    request: HttpRequest, development_id: int, payload: UnitTypeIn
) -> Status[UnitType]:
    development = _editable(request, development_id)
    return Status(201, unit_type_add(development=development, actor=request.user, **payload.dict()))


@router.post("/developments/{development_id}/status", response=DevelopmentStaffOut, auth=api_auth)
def development_status_api(
    request: HttpRequest, development_id: int, payload: StatusIn
) -> Development:
    development = _editable(request, development_id)
    return development_change_status(
        development=development, actor=request.user, to_status=payload.to_status, note=payload.note
    )
