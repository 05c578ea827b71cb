"""Money as buyers read it: 8,500 (yuan) and 68.5 (万元)."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

register = template.Library()

WAN = Decimal(10_000)


def _grouped(number: Decimal) -> str:
    text = f"{number:,.2f}"
    return text[:-3] if text.endswith(".00") else text.rstrip("0")


@register.filter
def yuan(value: Any) -> str:
    """8500.00 → 8,500; 8500.50 → 8,500.5; None → ""."""
    if value is None or value == "":
        return ""
    return _grouped(Decimal(value))


@register.filter
def wan(value: Any) -> str:
    """Yuan in 万, to at most two decimals: 685000.00 → 68.5; None → ""."""
    if value is None or value == "":
        return ""
    return _grouped((Decimal(value) / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
