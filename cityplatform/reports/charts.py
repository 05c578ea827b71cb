"""ECharts options for the dashboards, built as plain data (see includes/echart.html)."""

from typing import Any

from django.utils.translation import gettext as _

from cityplatform.reports.selectors.completeness import Grid

# Red (nobody reported) through yellow to green (everyone reported).
HEATMAP_COLOURS = ["#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850"]


def grid_heatmap_option(grid: Grid) -> dict[str, Any]:
    """Units by day, coloured by the share of villages that reported (0-100 %)."""
    days = [f"{day:%m-%d}" for day in grid.days]
    units = [row.place.name for row in grid.rows]
    data = [
        [x, y, cell.tally.percent]
        for y, row in enumerate(grid.rows)
        for x, cell in enumerate(row.cells)
        if cell.state != "future"
    ]
    return {
        "animation": False,
        "tooltip": {"position": "top"},
        "grid": {"left": 96, "right": 16, "top": 8, "bottom": 72},
        "xAxis": {"type": "category", "data": days, "splitArea": {"show": True}},
        "yAxis": {"type": "category", "data": units, "inverse": True, "splitArea": {"show": True}},
        "visualMap": {
            "min": 0,
            "max": 100,
            "orient": "horizontal",
            "left": "center",
            "bottom": 0,
            "text": ["100%", "0%"],
            "inRange": {"color": HEATMAP_COLOURS},
        },
        "series": [
            {
                "name": _("Reported (%)"),
                "type": "heatmap",
                "data": data,
                "label": {"show": len(grid.days) <= 16},
            }
        ],
    }
