"""Life services API, mounted at /api/directory/.

Public: categories, published providers, and sending a service request.
Staff (token or session): their providers' requests, phones masked, and status changes.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cityplatform.accounts.auth import api_auth
from cityplatform.core.pagination import Pagination
from cityplatform.core.throttles import ClientAddressThrottle
from cityplatform.core.validators import mask_phone
from cityplatform.directory import selectors
from cityplatform.directory.models import Provider, ServiceCategory, ServiceRequest
from cityplatform.directory.services import service_request_submit, service_request_transition

router = Router(tags=["directory"])

# Generous for a household, tight for a script flooding a provider.
REQUEST_THROTTLE = "30/m"


StatusValue = Literal["new", "contacted", "done"]


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    order: int


class ProviderOut(Schema):
    id: int
    name: str
    category: CategoryOut
    main_business: str
    address: str
    place_code: str
    place_name: str
    hotlines: list[str]
    ownership: str
    ownership_label: str
    highlights: list[str]
    slogan: list[str]
    credit_code: str
    description: str
    response_hours: int

    @staticmethod
    def resolve_place_code(obj: Provider) -> str:
        return obj.place_id

    @staticmethod
    def resolve_place_name(obj: Provider) -> str:
        return obj.place.name

    @staticmethod
    def resolve_ownership_label(obj: Provider) -> str:
        return str(obj.get_ownership_display())

    @staticmethod
    def resolve_highlights(obj: Provider) -> list[str]:
        return obj.highlight_list

    @staticmethod
    def resolve_slogan(obj: Provider) -> list[str]:
        return obj.slogan_lines


class ProviderFilters(Schema):
    q: str | None = Field(None, max_length=100)
    category: int | None = Field(None, ge=1, le=2**31 - 1)


class RequestIn(Schema):
    # Lengths are checked by the service with translated messages; these caps
    # only keep absurd bodies out.
    name: str = Field(..., max_length=1000)
    phone: str = Field(..., max_length=1000)
    address: str = Field(..., max_length=1000)
    need: str = Field(..., max_length=10000)


class RequestCreatedOut(Schema):
    id: int
    status: str
    due_at: datetime


class RequestOut(Schema):
    id: int
    provider_id: int
    provider_name: str
    name: str
    phone: str
    need: str
    status: str
    is_overdue: bool
    created_at: datetime
    due_at: datetime
    contacted_at: datetime | None
    done_at: datetime | None

    @staticmethod
    def resolve_provider_name(obj: ServiceRequest) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_phone(obj: ServiceRequest) -> str:
        # Lists never carry a full number; the console page shows it, and audits that.
        return mask_phone(obj.phone)

    @staticmethod
    def resolve_is_overdue(obj: ServiceRequest) -> bool:
        return bool(getattr(obj, "is_overdue", False))


class RequestFilters(Schema):
    status: StatusValue | None = None


class TransitionIn(Schema):
    to_status: StatusValue
    note: str = Field("", max_length=10000)


@router.get("/categories", response=list[CategoryOut])
def categories(request: HttpRequest) -> list[ServiceCategory]:
    return list(selectors.category_list())


@router.get("/providers", response=list[ProviderOut])
@paginate(Pagination)
def providers(request: HttpRequest, filters: Query[ProviderFilters]) -> object:
    return selectors.provider_list(q=filters.q, category=filters.category)


@router.get("/providers/{provider_id}", response=ProviderOut)
def provider(request: HttpRequest, provider_id: int) -> Provider:
    return selectors.provider_get_published(provider_id)


@router.post(
    "/providers/{provider_id}/requests",
    response={201: RequestCreatedOut},
    throttle=[ClientAddressThrottle(REQUEST_THROTTLE)],
)
def request_create(
    request: HttpRequest, provider_id: int, payload: RequestIn
) -> Status[ServiceRequest]:
    obj = service_request_submit(
        provider=selectors.provider_get_published(provider_id),
        name=payload.name,
        phone=payload.phone,
        address=payload.address,
        need=payload.need,
    )
    return Status(201, obj)


@router.get("/requests", response=list[RequestOut], auth=api_auth)
@paginate(Pagination)
def requests(request: HttpRequest, filters: Query[RequestFilters]) -> object:
    return selectors.requests_for_staff(user=request.user, status=filters.status)


@router.post("/requests/{request_id}/transition", response=RequestOut, auth=api_auth)
def request_transition(
    request: HttpRequest, request_id: int, payload: TransitionIn
) -> ServiceRequest:
    obj = selectors.request_get_for_staff(user=request.user, pk=request_id)
    service_request_transition(
        request_obj=obj,
        actor=request.user,  # type: ignore[arg-type]
        to_status=payload.to_status,
        note=payload.note,
    )
    # Read again, so is_overdue reflects the new status.
    return selectors.request_get_for_staff(user=request.user, pk=request_id)
