"""ECharts options (plain data) for the disclosure page: received and disbursed per day,
and their running totals. Amounts go to the browser as decimal strings."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cityplatform.charity.models import Campaign
from cityplatform.charity.selectors.public import daily_series


def _running(values: list[Any]) -> list[str]:
    total = Decimal("0.00")
    out = []
    for value in values:
        total += value
        out.append(f"{total:.2f}")
    return out


def _strings(values: list[Any]) -> list[str]:
    return [f"{v:.2f}" for v in values]


def over_time_options(campaign: Campaign) -> dict[str, dict[str, Any]]:
    series = daily_series(campaign)
    received = [m + g for m, g in zip(series["money"], series["goods"], strict=True)]  # type: ignore[operator]
    common = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 80, "right": 20, "top": 40, "bottom": 40},
        "xAxis": {"type": "category", "data": series["days"]},
        "yAxis": {"type": "value", "name": _("yuan")},
    }
    daily = {
        **common,
        "legend": {
            "data": [
                pgettext("chart series", "Money received"),
                _("Goods received"),
                _("Disbursed"),
            ]
        },
        "series": [
            {
                "name": pgettext("chart series", "Money received"),
                "type": "bar",
                "stack": "in",
                "data": _strings(series["money"]),
            },
            {
                "name": _("Goods received"),
                "type": "bar",
                "stack": "in",
                "data": _strings(series["goods"]),
            },
            {"name": _("Disbursed"), "type": "bar", "data": _strings(series["disbursed"])},
        ],
    }
    cumulative = {
        **common,
        "legend": {"data": [_("Received to date"), _("Disbursed to date")]},
        "series": [
            {"name": _("Received to date"), "type": "line", "data": _running(received)},
            {"name": _("Disbursed to date"), "type": "line", "data": _running(series["disbursed"])},
        ],
    }
    return {"daily": daily, "cumulative": cumulative}
