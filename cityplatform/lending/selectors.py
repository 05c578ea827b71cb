"""Reads for lending's pages and API (products; lines and the rest join as they come)."""

from django.db.models import QuerySet
from django.http import Http404

from cityplatform.lending.models import Product, RateTier


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
