from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "charity"


def _placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


urlpatterns = [path("", _placeholder, name="campaign_list")]
