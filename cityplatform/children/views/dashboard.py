"""Dashboards of a village, town or county: open alarms, overdue follow-ups, hotline calls."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.children.models import Category
from cityplatform.children.selectors import Dashboard, dashboard_for
from cityplatform.places.models import Place
from cityplatform.places.selectors import LILING

from .common import registry_view


def _chart(board: Dashboard) -> dict[str, Any]:
    """Children per place below, stacked by category (an ECharts option, plain data)."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 40, "right": 10, "bottom": 80, "top": 40},
        "xAxis": {
            "type": "category",
            "data": [row.place.name for row in board.rows],
            "axisLabel": {"rotate": 45},
        },
        "yAxis": {"type": "value"},
        "series": [
            {
                "name": str(label),
                "type": "bar",
                "stack": "children",
                "data": [row.by_category.get(code, 0) for row in board.rows],
            }
            for code, label in Category.choices
        ],
    }


def _home_place(user: Any) -> Place:
    if user.jurisdiction_id:
        return Place.objects.get(pk=user.jurisdiction_id)
    # A superuser without a jurisdiction starts at the county of the registry.
    return Place.objects.get(pk=LILING)


@registry_view
@require_http_methods(["GET"])
def dashboard(request: HttpRequest, place_code: str = "") -> HttpResponse:
    if place_code:
        valid = len(place_code) == 12 and place_code.isascii() and place_code.isdigit()
        place = (
            Place.objects.filter(pk=place_code).select_related("parent").first() if valid else None
        )
        if place is None or not place_visible_to(request.user, place.code):
            raise Http404
    else:
        place = _home_place(request.user)
    board = dashboard_for(place)
    parent = (
        place.parent if place.parent and place_visible_to(request.user, place.parent.code) else None
    )
    return render(
        request,
        "children/dashboard.html",
        {
            "board": board,
            "place": place,
            "parent": parent,
            "chart": _chart(board) if board.rows else None,
            "categories": Category.choices,
        },
    )
