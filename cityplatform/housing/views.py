"""Public housing pages: the listing search (htmx narrows results in place) and one listing."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cityplatform.housing.forms import ListingSearchForm
from cityplatform.housing.search import ListingFilters, listing_search
from cityplatform.housing.selectors import listing_get_public

PAGE_SIZE = 20


@require_GET
def listing_list(request: HttpRequest) -> HttpResponse:
    form = ListingSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else ListingFilters()
    page = Paginator(listing_search(filters), PAGE_SIZE).get_page(request.GET.get("page"))
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
    return render(request, "housing/listing_detail.html", {"listing": listing_get_public(pk)})
