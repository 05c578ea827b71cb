from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cityplatform.portal.selectors import platform_contact


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"contact": platform_contact()})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
