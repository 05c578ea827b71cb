"""Reads for developments.

The public sees developments being promoted: published, with today inside the
promotion period; anything else answers 404. Enquiries are seen only by enquiry
handlers, inside their jurisdiction.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cityplatform.accounts.jurisdiction import visible_to
from cityplatform.developments.models import (
    ENQUIRY_TRANSITIONS,
    Development,
    DevelopmentPhoto,
    Enquiry,
    EnquiryEvent,
    EnquiryStatus,
    SaleStatus,
    UnitType,
)
from cityplatform.developments.permissions import is_handler
from cityplatform.places.models import Place


@dataclass(frozen=True)
class DevelopmentFilters:
    district: str = ""  # a district's 12-digit code or its name (天元区)
    status: str = ""
    min_unit_price: Decimal | None = None  # yuan per m²
    max_unit_price: Decimal | None = None
    bedrooms: int | None = None


def promoted_q(today: date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(is_published=True, promotion_starts_on__lte=today, promotion_ends_on__gte=today)


# On sale first, then coming soon, then sold out.
_STATUS_RANK = Case(
    When(status=SaleStatus.ON_SALE, then=Value(0)),
    When(status=SaleStatus.UPCOMING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _public(qs: QuerySet[Development]) -> QuerySet[Development]:
    return (
        qs.filter(promoted_q())
        .select_related("place")
        .annotate(
            min_area=Min("unit_types__area_m2"),
            max_area=Max("unit_types__area_m2"),
            units_available=Sum("unit_types__available_units"),
            unit_type_count=Count("unit_types"),
        )
        .prefetch_related(
            Prefetch("photos", queryset=DevelopmentPhoto.objects.order_by("order", "id"))
        )
    )


def development_search(filters: DevelopmentFilters | None = None) -> QuerySet[Development]:
    """Developments being promoted that match the filters, on sale first.

    A price filter keeps developments whose price-per-m² range overlaps the asked
    range; one without any price (价格待定) drops out. `bedrooms` keeps developments
    with a unit type of exactly that many bedrooms.
    """
    filters = filters or DevelopmentFilters()
    qs = Development.objects.all()
    district = filters.district.strip()
    if district:
        qs = qs.filter(place_id=district) if district.isdigit() else qs.filter(place__name=district)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.min_unit_price is not None:
        qs = qs.alias(top=Coalesce("max_unit_price", "min_unit_price")).filter(
            top__gte=filters.min_unit_price
        )
    if filters.max_unit_price is not None:
        qs = qs.alias(bottom=Coalesce("min_unit_price", "max_unit_price")).filter(
            bottom__lte=filters.max_unit_price
        )
    if filters.bedrooms is not None:
        qs = qs.filter(
            Exists(UnitType.objects.filter(development=OuterRef("pk"), bedrooms=filters.bedrooms))
        )
    return _public(qs).order_by(_STATUS_RANK, "-promotion_starts_on", "name", "pk")


def development_get_public(pk: int) -> Development:
    """The development if it is being promoted, else Http404 (hidden looks like absent)."""
    development = _public(Development.objects.filter(pk=pk)).first()
    if development is None:
        raise Http404
    return development


def development_unit_types(development: Development) -> QuerySet[UnitType]:
    return UnitType.objects.filter(development=development).order_by("order", "area_m2", "id")


def district_choices() -> list[tuple[str, str]]:
    """The districts and counties developments may lie in (株洲's, in code order)."""
    return list(
        Place.objects.filter(level=Place.Level.COUNTY, code__startswith="4302")
        .order_by("code")
        .values_list("code", "name")
    )


@dataclass(frozen=True)
class PriceSummary:
    """What a buyer wants to know first: price ranges and sizes, from the development's
    own figures or, where it gives none, from its unit types."""

    min_unit_price: Decimal | None
    max_unit_price: Decimal | None
    min_total_price: Decimal | None
    max_total_price: Decimal | None
    min_area: Decimal | None
    max_area: Decimal | None
    units_available: int
    unit_type_count: int

    @property
    def has_unit_price(self) -> bool:
        return self.min_unit_price is not None or self.max_unit_price is not None

    @property
    def has_total_price(self) -> bool:
        return self.min_total_price is not None or self.max_total_price is not None


def price_summary(development: Development) -> PriceSummary:
    units = development_unit_types(development).aggregate(
        min_area=Min("area_m2"),
        max_area=Max("area_m2"),
        min_price=Min("reference_price"),
        max_price=Max("reference_price"),
        available=Sum("available_units"),
        count=Count("id"),
    )
    has_total = development.min_total_price is not None or development.max_total_price is not None
    return PriceSummary(
        min_unit_price=development.min_unit_price,
        max_unit_price=development.max_unit_price,
        min_total_price=development.min_total_price if has_total else units["min_price"],
        max_total_price=development.max_total_price if has_total else units["max_price"],
        min_area=units["min_area"],
        max_area=units["max_area"],
        units_available=units["available"] or 0,
        unit_type_count=units["count"],
    )


# --- Staff ------------------------------------------------------------------------


def developments_for_staff(user: Any) -> QuerySet[Development]:
    """Every development inside the user's jurisdiction, promoted or not."""
    return visible_to(Development.objects.select_related("place"), user).order_by("name", "pk")


def enquiries_for_handler(
    *, user: Any, status: str | None = None, development: int | None = None
) -> QuerySet[Enquiry]:
    """Enquiries an enquiry handler may work on, newest first; none for anyone else."""
    if not is_handler(user):
        return Enquiry.objects.none()
    qs = visible_to(Enquiry.objects.all(), user)
    if status:
        qs = qs.filter(status=status)
    if development is not None:
        qs = qs.filter(development_id=development)
    return qs.select_related("development__place", "unit_type").order_by("-created_at", "-id")


def enquiry_get_for_handler(*, user: Any, pk: int) -> Enquiry:
    """One enquiry the user may work on, or Http404 (outside looks like absent)."""
    enquiry = enquiries_for_handler(user=user).filter(pk=pk).first()
    if enquiry is None:
        raise Http404
    return enquiry


def enquiry_events(enquiry: Enquiry) -> QuerySet[EnquiryEvent]:
    return EnquiryEvent.objects.filter(enquiry=enquiry).select_related("actor").order_by("at", "id")


def enquiry_next_statuses(enquiry: Enquiry) -> list[str]:
    """The statuses a handler may move this enquiry to, in workflow order."""
    return [
        to
        for to in (EnquiryStatus.CONTACTED, EnquiryStatus.CLOSED)
        if (enquiry.status, to) in ENQUIRY_TRANSITIONS
    ]


def new_enquiry_count(user: Any) -> int:
    return enquiries_for_handler(user=user, status=EnquiryStatus.NEW).count()
