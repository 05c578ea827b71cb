"""ECharts options for the overview page, built from the statistics rows.

Plain data only (no functions): the page hands them to static/js/charts.js through
json_script, as the strict CSP allows no inline script.
"""

from typing import Any

from django.utils.translation import gettext as _

from cityplatform.volunteers.selectors.stats import Row

ACCENT = "#b3261e"
SECOND = "#1f6feb"


def _grid(**extra: Any) -> dict[str, Any]:
    return {"left": 8, "right": 16, "top": 40, "bottom": 8, "containLabel": True, **extra}


def activities_by_type(rows: list[Row]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Activities"), _("Person-times")]},
        "grid": _grid(),
        "xAxis": {
            "type": "category",
            "data": [r.label for r in rows],
            "axisLabel": {"interval": 0, "rotate": 30},
        },
        "yAxis": [
            {"type": "value", "name": _("Activities")},
            {"type": "value", "name": _("Person-times")},
        ],
        "series": [
            {
                "name": _("Activities"),
                "type": "bar",
                "data": [r.figures.activities for r in rows],
                "itemStyle": {"color": ACCENT},
            },
            {
                "name": _("Person-times"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [r.figures.person_times for r in rows],
                "itemStyle": {"color": SECOND},
            },
        ],
    }


def person_times_by_week(rows: list[Row]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("Person-times"), _("Activities")]},
        "grid": _grid(),
        "xAxis": {"type": "category", "data": [r.label for r in rows]},
        "yAxis": [
            {"type": "value", "name": _("Person-times")},
            {"type": "value", "name": _("Activities")},
        ],
        "series": [
            {
                "name": _("Person-times"),
                "type": "bar",
                "data": [r.figures.person_times for r in rows],
                "itemStyle": {"color": ACCENT},
            },
            {
                "name": _("Activities"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [r.figures.activities for r in rows],
                "itemStyle": {"color": SECOND},
            },
        ],
    }


def person_times_by_town(rows: list[Row]) -> dict[str, Any]:
    ordered = list(reversed(rows))  # largest at the top of a horizontal bar chart
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": _grid(top=16),
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": [r.label for r in ordered]},
        "series": [
            {
                "name": _("Person-times"),
                "type": "bar",
                "data": [r.figures.person_times for r in ordered],
                "itemStyle": {"color": ACCENT},
            }
        ],
    }
