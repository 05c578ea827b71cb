"""Reads for the officers' console, each bounded by the officer's jurisdiction."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from cityplatform.accounts.jurisdiction import visible_to
from cityplatform.lending.models import (
    Application,
    CloseOfBusiness,
    Draw,
    Line,
    Outcome,
    Product,
    RateTier,
)
from cityplatform.lending.services.clock import clock_get

IN_FLIGHT = (Draw.Status.REQUESTED, Draw.Status.CHECKED, Draw.Status.DISBURSING)


@dataclass(frozen=True)
class Overview:
    business_date: date
    closing: bool
    last_close: CloseOfBusiness | None
    in_review: int
    lines_open: int
    in_flight: int
    overdue: int


def overview(user: Any) -> Overview:
    clock = clock_get()
    lines = visible_to(Line.objects.all(), user).aggregate(
        open=Count("id", filter=~Q(status=Line.Status.CLOSED))
    )
    draws = draws_visible(user).aggregate(
        in_flight=Count("id", filter=Q(status__in=IN_FLIGHT)),
        overdue=Count("id", filter=Q(status=Draw.Status.DISBURSED, overdue_since__isnull=False)),
    )
    return Overview(
        business_date=clock.business_date,
        closing=clock.closing,
        last_close=CloseOfBusiness.objects.order_by("-business_date").first(),
        in_review=visible_to(Application.objects.filter(status=Outcome.REVIEW), user).count(),
        lines_open=lines["open"],
        in_flight=draws["in_flight"],
        overdue=draws["overdue"],
    )


def applications_for_officer(user: Any, *, status: str) -> QuerySet[Application]:
    qs = Application.objects.select_related("segment", "place").order_by("submitted_at")
    if status in Outcome.values:
        qs = qs.filter(status=status)
    return visible_to(qs, user)


def lines_for_officer(user: Any, *, status: str = "") -> QuerySet[Line]:
    qs = Line.objects.select_related("borrower", "place").order_by("-id")
    if status in Line.Status.values:
        qs = qs.filter(status=status)
    return visible_to(qs, user)


def draws_visible(user: Any) -> QuerySet[Draw]:
    return visible_to(Draw.objects.select_related("line"), user)


def draws_in_flight(user: Any) -> QuerySet[Draw]:
    return (
        draws_visible(user)
        .filter(status__in=IN_FLIGHT)
        .prefetch_related("payment_attempts")
        .order_by("requested_at")
    )


def draws_failed(user: Any) -> QuerySet[Draw]:
    return draws_visible(user).filter(status=Draw.Status.FAILED).order_by("-failed_at")


def draws_recent(user: Any) -> QuerySet[Draw]:
    return (
        draws_visible(user)
        .filter(status__in=[Draw.Status.DISBURSED, Draw.Status.SETTLED])
        .order_by("-disbursed_at")
    )


def draws_overdue(user: Any, *, stage: str = "") -> QuerySet[Draw]:
    qs = draws_visible(user).filter(status=Draw.Status.DISBURSED, overdue_since__isnull=False)
    if stage in {"1", "2", "3", "4"}:
        qs = qs.filter(overdue_stage=int(stage))
    return qs.select_related("line__borrower").order_by("overdue_since", "id")


def product_current() -> Product | None:
    return Product.objects.order_by("pk").first()


def tier_initial(tier: RateTier) -> dict[str, Any]:
    return {
        "daily_rate_percent": (tier.daily_rate * 100).normalize(),
        "min_score": tier.min_score,
        "income_multiple": tier.income_multiple,
        "max_limit": tier.max_limit,
    }


ZERO = Decimal("0.00")
