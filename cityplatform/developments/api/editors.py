"""Developments editors' endpoints: create a development with its unit types, add a unit
type, move the sale status; inside the editor's jurisdiction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Field, Schema, Status

from cityplatform.accounts.auth import api_auth
from cityplatform.accounts.jurisdiction import get_visible_or_404
from cityplatform.core.errors import DomainError
from cityplatform.developments.api.common import (
    SaleStatusValue,
    router,
)
from cityplatform.developments.api.public import UnitTypeOut
from cityplatform.developments.models import (
    Development,
    UnitType,
)
from cityplatform.developments.permissions import is_editor
from cityplatform.developments.services import (
    development_change_status,
    development_create,
    unit_type_add,
)
from cityplatform.places.models import Place


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
