"""Template filters for money and rates, so every page shows them the same way."""

from decimal import Decimal

from django import template

from cityplatform.lending import rates

register = template.Library()


@register.filter
def yuan(value: Decimal | None) -> str:
    """12345.6 → 12,345.60 (money on pages: thousands separated, two places)."""
    if value is None:
        return ""
    return f"{Decimal(value):,.2f}"


@register.filter
def daily_pct(rate: Decimal | None) -> str:
    return "" if rate is None else rates.daily_percent(Decimal(rate))


@register.filter
def annual_pct(rate: Decimal | None) -> str:
    return "" if rate is None else rates.annual_percent(Decimal(rate))


@register.filter
def per_10k_per_day(rate: Decimal | None) -> str:
    """What 10,000 yuan costs a day at this rate: 0.00015 → 1.50."""
    return "" if rate is None else f"{rates.daily_interest(Decimal(10000), Decimal(rate)):.2f}"
