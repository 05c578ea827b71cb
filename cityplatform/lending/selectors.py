"""Reads for lending's pages and API (products; lines and the rest join as they come)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from cityplatform.lending.models import Application, Decision, Line, Product, RateTier


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
