"""Public endpoints: developments being promoted, and sending an enquiry (throttled)."""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from cityplatform.core.pagination import Pagination
from cityplatform.developments import selectors
from cityplatform.developments.api.common import (
    ContactTimeValue,
    SaleStatusValue,
    money,
    router,
)
from cityplatform.developments.models import (
    Development,
    DevelopmentPhoto,
    Enquiry,
    UnitType,
)
from cityplatform.developments.selectors import DevelopmentFilters, PriceSummary
from cityplatform.developments.services import (
    enquiry_submit,
)
from cityplatform.developments.throttle import enquiry_throttle_check
from cityplatform.portal.selectors import platform_contact


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
