"""Enquiry handlers' endpoints: list (phones masked), one (full phone, audited), status
changes and notes, inside the handler's jurisdiction."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from cityplatform.accounts.auth import api_auth
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.pagination import Pagination
from cityplatform.core.validators import mask_phone
from cityplatform.developments import selectors
from cityplatform.developments.api.common import (
    EnquiryStatusValue,
    router,
)
from cityplatform.developments.models import (
    Enquiry,
    EnquiryEvent,
)
from cityplatform.developments.permissions import is_handler
from cityplatform.developments.services import (
    enquiry_add_note,
    enquiry_transition,
)


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
