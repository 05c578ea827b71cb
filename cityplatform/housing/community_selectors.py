"""Reads for the public community page: a community's names, its listings on the
market, its median unit price and the monthly trend of prices and listings.

The trend groups the community's listings by the (local) month they first went on
the market (`first_listed_at`, kept through relisting), whatever became of them
since: each month's count of new listings and the median of their unit prices
(a 面议 listing counts but has no price). Medians are computed by the database on
PostgreSQL (percentile_cont, one grouped query) and in Python over one ordered query
elsewhere; `community_price_trend` takes either path, and the tests hold them equal.
"""

import itertools
import statistics
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, DateField, FloatField, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from cityplatform.housing.models import Community, Listing, ListingStatus
from cityplatform.housing.selectors import listings_public


class Median(Aggregate):
    """PostgreSQL's continuous median (NULLs ignored), as a Django aggregate."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class MonthPoint:
    month: date  # the first day of the month
    listings: int
    median_unit_price_yuan: int | None


@dataclass(frozen=True)
class CommunitySummary:
    listing_count: int  # published listings
    median_unit_price_yuan: int | None


def _whole_yuan(value: float | Decimal | None) -> int | None:
    """Half up to the yuan, the same for both paths (Python's round() is half-even)."""
    if value is None:
        return None
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _in_database(in_database: bool | None) -> bool:
    return connection.vendor == "postgresql" if in_database is None else in_database


def community_get_public(pk: int) -> Community:
    community = (
        Community.objects.select_related("place").prefetch_related("aliases").filter(pk=pk).first()
    )
    if community is None:
        raise Http404
    return community


def community_listings(community: Community) -> QuerySet[Listing]:
    """The community's listings on the market, newest first (public fields only)."""
    return listings_public().filter(community=community)


def community_summary(community: Community, *, in_database: bool | None = None) -> CommunitySummary:
    """How many listings are on the market and their median unit price."""
    published = Listing.objects.filter(community=community, status=ListingStatus.PUBLISHED)
    if _in_database(in_database):
        row = published.aggregate(count=Count("id"), median=Median("unit_price_yuan"))
        return CommunitySummary(row["count"], _whole_yuan(row["median"]))
    prices = list(published.values_list("unit_price_yuan", flat=True))
    known = [p for p in prices if p is not None]
    median = _whole_yuan(statistics.median(known)) if known else None
    return CommunitySummary(len(prices), median)


def _trend_rows(community: Community) -> QuerySet[Any]:
    return (
        Listing.objects.filter(community=community, first_listed_at__isnull=False)
        .annotate(month=TruncMonth("first_listed_at", output_field=DateField()))
        .order_by()
    )


def _trend_in_database(community: Community) -> dict[date, tuple[int, int | None]]:
    rows = (
        _trend_rows(community)
        .values("month")
        .annotate(listings=Count("id"), median=Median("unit_price_yuan"))
        .order_by("month")
    )
    return {r["month"]: (r["listings"], _whole_yuan(r["median"])) for r in rows}


def _trend_in_python(community: Community) -> dict[date, tuple[int, int | None]]:
    rows = _trend_rows(community).values_list("month", "unit_price_yuan").order_by("month")
    result: dict[date, tuple[int, int | None]] = {}
    for month, group in itertools.groupby(rows, key=lambda row: row[0]):
        prices = [price for _month, price in group]
        known = [p for p in prices if p is not None]
        result[month] = (len(prices), _whole_yuan(statistics.median(known)) if known else None)
    return result


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def community_price_trend(
    community: Community, *, in_database: bool | None = None
) -> list[MonthPoint]:
    """One point per month from the first listing's month to the last one's; months
    without new listings are there with 0 listings and no median (a gap in the line).

    `in_database`: True computes the medians in PostgreSQL, False in Python; None
    picks PostgreSQL when the database is PostgreSQL.
    """
    found = (
        _trend_in_database(community) if _in_database(in_database) else _trend_in_python(community)
    )
    if not found:
        return []
    points: list[MonthPoint] = []
    month, last = min(found), max(found)
    while month <= last:
        count, median = found.get(month, (0, None))
        points.append(MonthPoint(month, count, median))
        month = _next_month(month)
    return points


def trend_chart_option(points: list[MonthPoint], *, labels: dict[str, str]) -> dict[str, Any]:
    """The ECharts option of the community page's chart: the median unit price as a
    line (left axis), new listings as bars (right axis). Plain data, no functions."""
    price_label, count_label = labels["price"], labels["count"]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [price_label, count_label]},
        "grid": {"left": 60, "right": 50, "bottom": 30, "top": 40},
        "xAxis": {"type": "category", "data": [p.month.strftime("%Y-%m") for p in points]},
        "yAxis": [
            {"type": "value", "name": labels["price_axis"], "scale": True},
            {"type": "value", "name": labels["count_axis"], "minInterval": 1},
        ],
        "series": [
            {
                "name": price_label,
                "type": "line",
                "yAxisIndex": 0,
                "connectNulls": False,
                "data": [p.median_unit_price_yuan for p in points],
            },
            {
                "name": count_label,
                "type": "bar",
                "yAxisIndex": 1,
                "data": [p.listings for p in points],
            },
        ],
    }
