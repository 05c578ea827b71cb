"""Reads for the customer pages and the API; the console's are in `console`."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cityplatform.lending.models import (
    Application,
    Decision,
    Draw,
    Instalment,
    Line,
    OverdueNotice,
    Product,
    RateTier,
    Refund,
    Repayment,
    Statement,
)
from cityplatform.lending.services.clock import business_date_today

ZERO = Decimal("0.00")


def product_for_sale() -> Product | None:
    """The product the public pages offer: the active one (the first, if several)."""
    return (
        Product.objects.filter(status=Product.Status.ACTIVE)
        .prefetch_related("tiers", "segments", "prohibited_purposes")
        .order_by("pk")
        .first()
    )


def product_get(code: str) -> Product:
    product = Product.objects.filter(code=code).first()
    if product is None:
        raise Http404
    return product


def product_tiers(product: Product) -> QuerySet[RateTier]:
    """Best grade (highest score, lowest rate) first."""
    return product.tiers.order_by("-min_score", "daily_rate")


def best_daily_rate(product: Product) -> RateTier | None:
    return product.tiers.order_by("daily_rate").first()


def application_get_for_applicant(user: Any, pk: int) -> Application:
    """The user's own application; anyone else's answers 404."""
    application = Application.objects.filter(pk=pk, applicant=user).first()
    if application is None or not user.is_authenticated:
        raise Http404
    return application


def application_latest_decision(application: Application) -> Decision | None:
    return application.decisions.order_by("-created_at", "-id").first()


def application_line(application: Application) -> Line | None:
    return Line.objects.filter(application=application).first()


def line_get_for_borrower(user: Any, pk: int) -> Line:
    """The user's own line; anyone else's (or none) answers 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    line = (
        Line.objects.filter(pk=pk, borrower=user).select_related("product", "application").first()
    )
    if line is None:
        raise Http404
    return line


def lines_for_borrower(user: Any) -> QuerySet[Line]:
    if not getattr(user, "is_authenticated", False):
        return Line.objects.none()
    return Line.objects.filter(borrower=user).select_related("product").order_by("-id")


def draw_get_for_borrower(user: Any, line_pk: int, pk: int) -> Draw:
    line = line_get_for_borrower(user, line_pk)
    draw = Draw.objects.filter(line=line, pk=pk).first()
    if draw is None:
        raise Http404
    return draw


@dataclass(frozen=True)
class LineSummary:
    """A line's figures as the dashboard and the API show them."""

    line: Line
    business_date: date
    interest_outstanding: Decimal
    penalty_outstanding: Decimal
    overdue: Decimal
    interest_charged: Decimal
    penalty_charged: Decimal
    next_due_date: date | None
    next_due_amount: Decimal
    payoff: Decimal
    max_overdue_stage: int

    @property
    def available(self) -> Decimal:
        return self.line.available


def line_summary(line: Line) -> LineSummary:
    draws = list(Draw.objects.filter(line=line).exclude(status__in=[Draw.Status.FAILED]))
    live = [d for d in draws if d.status == Draw.Status.DISBURSED]
    interest = sum((d.interest_outstanding for d in live), ZERO)
    penalty = sum((d.penalty_outstanding for d in live), ZERO)
    overdue = sum(
        (d.principal_overdue + d.interest_overdue + d.penalty_outstanding for d in live), ZERO
    )
    next_instalment = (
        Instalment.objects.filter(draw__in=live, status=Instalment.Status.SCHEDULED)
        .order_by("due_date")
        .first()
    )
    next_due_amount = overdue
    if next_instalment is not None:
        for inst in Instalment.objects.filter(
            draw__in=live, due_date=next_instalment.due_date, status=Instalment.Status.SCHEDULED
        ).select_related("draw"):
            d = inst.draw
            repaid = d.amount - d.principal_outstanding
            principal_due = max(ZERO, inst.principal_cumulative - repaid) - d.principal_overdue
            next_due_amount += (
                max(ZERO, principal_due) + d.interest_outstanding - d.interest_overdue
            )
    return LineSummary(
        line=line,
        business_date=business_date_today(),
        interest_outstanding=interest,
        penalty_outstanding=penalty,
        overdue=overdue,
        interest_charged=sum((d.interest_accrued_total for d in draws), ZERO),
        penalty_charged=sum((d.penalty_accrued_total for d in draws), ZERO),
        next_due_date=next_instalment.due_date if next_instalment else None,
        next_due_amount=next_due_amount,
        payoff=sum((d.owed for d in live), ZERO),
        max_overdue_stage=max((d.overdue_stage for d in live), default=0),
    )


def applications_of(user: Any) -> QuerySet[Application]:
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(applicant=user).order_by("-submitted_at", "-id")


def line_draws(line: Line) -> QuerySet[Draw]:
    return Draw.objects.filter(line=line).order_by("-id")


def line_repayments(line: Line) -> QuerySet[Repayment]:
    return Repayment.objects.filter(line=line).order_by("-id")


def line_refunds(line: Line) -> QuerySet[Refund]:
    return Refund.objects.filter(line=line).order_by("-id")


def line_notices(line: Line) -> QuerySet[OverdueNotice]:
    return OverdueNotice.objects.filter(line=line).order_by("-business_date", "-id")


def line_statements(line: Line) -> QuerySet[Statement]:
    return Statement.objects.filter(line=line).order_by("-period_end")
