from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cityplatform.directory.selectors import category_list, provider_list
from cityplatform.news.selectors import article_list_published
from cityplatform.portal.selectors import platform_contact


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "latest_articles": article_list_published()[:6],
            "categories": category_list(),
            "providers": provider_list()[:8],
            "contact": platform_contact(),
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
