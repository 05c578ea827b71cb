from datetime import date

from django.urls import path, register_converter

from cityplatform.reports.days import in_range
from cityplatform.reports.views import dashboards, downloads, village

app_name = "reports"


class DateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        day = date.fromisoformat(value)  # 2020-02-30 raises ValueError: a 404
        if not in_range(day):
            raise ValueError(value)
        return day

    def to_url(self, value: date) -> str:
        return value.isoformat()


register_converter(DateConverter, "isodate")

urlpatterns = [
    path("", dashboards.home, name="home"),
    path("report/<int:pk>/", village.report_detail, name="report"),
    path("report/<int:pk>/approve/", village.report_approve, name="report_approve"),
    path("<slug:kind_code>/<str:code>/", dashboards.place_page, name="place"),
    path("<slug:kind_code>/<str:code>/zero/", village.file_zero, name="zero"),
    path("<slug:kind_code>/<str:code>/file/", village.file_report, name="file"),
    path("<slug:kind_code>/<str:code>/approve/", dashboards.town_approve, name="town_approve"),
    path(
        "<slug:kind_code>/<str:code>/county-approve/",
        dashboards.county_approve,
        name="county_approve",
    ),
    path("<slug:kind_code>/<str:code>/grid.xlsx", downloads.grid_xlsx, name="grid_xlsx"),
    path("<slug:kind_code>/<str:code>/<isodate:day>/", dashboards.day_page, name="day"),
    path("<slug:kind_code>/<str:code>/<isodate:day>.xlsx", downloads.day_xlsx, name="day_xlsx"),
]
