"""Template filters for money and rates, so every page shows them the same way."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

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


@register.filter
def notice_text(notice: Any) -> str:
    """The words of an overdue notice, from its stage (stored as numbers, shown in the
    reader's language)."""
    values = {"days": notice.days_past_due, "amount": f"{notice.amount_overdue:,.2f}"}
    texts = {
        1: _(
            "Your loan is %(days)s day(s) overdue: %(amount)s yuan is due. Please repay "
            "soon; overdue amounts accrue penalty interest every day."
        ),
        2: _(
            "Your loan is more than 30 days overdue (%(days)s days, %(amount)s yuan). It "
            "will be reported in your credit record; please repay now."
        ),
        3: _(
            "Your loan is more than 60 days overdue (%(days)s days, %(amount)s yuan). The "
            "bank will start collection; please call 0731-96599."
        ),
        4: _(
            "Your loan is more than 90 days overdue (%(days)s days, %(amount)s yuan) and "
            "has been classed as non-performing."
        ),
    }
    return texts.get(notice.stage, texts[4]) % values


@register.filter
def stage_label(stage: int) -> str:
    labels = {
        0: _("Current"),
        1: _("1–30 days overdue"),
        2: _("31–60 days overdue"),
        3: _("61–90 days overdue"),
        4: _("Over 90 days overdue"),
    }
    return str(labels.get(stage, labels[4]))
