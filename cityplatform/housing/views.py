"""Public housing pages: the listing search (htmx narrows results in place), one
listing, and a community with its price trend."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cityplatform.housing import community_selectors
from cityplatform.housing.forms import ListingSearchForm
from cityplatform.housing.search import ListingFilters, listing_search_results
from cityplatform.housing.selectors import listing_get_public, listing_photos

PAGE_SIZE = 20


@require_GET
def listing_list(request: HttpRequest) -> HttpResponse:
    form = ListingSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else ListingFilters()
    # SearchResults is a sequence Paginator reads (count() and slices), not a QuerySet.
    results: Any = listing_search_results(filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": request.GET.urlencode()}
    # htmx asks for the results only when a filter changes; a plain request gets the page.
    template = (
        "housing/_results.html"
        if request.headers.get("HX-Request")
        else "housing/listing_list.html"
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)


@require_GET
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = listing_get_public(pk)
    context = {"listing": listing, "photos": listing_photos(listing)}
    return render(request, "housing/listing_detail.html", context)


# How many of a community's listings its page shows; the search has the rest.
COMMUNITY_LISTINGS_SHOWN = 20


@require_GET
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_selectors.community_get_public(pk)
    points = community_selectors.community_price_trend(community)
    labels = {
        "price": _("Median unit price"),
        "count": _("New listings"),
        "price_axis": _("yuan/m²"),
        "count_axis": _("listings"),
    }
    context = {
        "community": community,
        "summary": community_selectors.community_summary(community),
        "listings": community_selectors.community_listings(community)[:COMMUNITY_LISTINGS_SHOWN],
        "trend": points,
        "trend_option": community_selectors.trend_chart_option(points, labels=labels),
    }
    return render(request, "housing/community_detail.html", context)
