"""XLSX downloads of the grid and of a day's figures; each export is audited."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cityplatform.audit.services import Action, audit_record
from cityplatform.places.models import Place
from cityplatform.reports.exports import day_figures_workbook, grid_workbook
from cityplatform.reports.selectors import reports as selectors
from cityplatform.reports.selectors.completeness import completeness_grid, month_end
from cityplatform.reports.selectors.figures import day_figures
from cityplatform.reports.views.common import kind_or_404, month_start, reports_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _unit_place(request: HttpRequest, code: str) -> Place:
    place = selectors.place_get_visible(request.user, code)
    if place.level == Place.Level.VILLAGE:
        raise Http404
    return place


@reports_page
@require_GET
def grid_xlsx(request: HttpRequest, kind_code: str, code: str) -> HttpResponse:
    kind = kind_or_404(kind_code)
    place = _unit_place(request, code)
    first = month_start(request.GET.get("month"), timezone.localdate())
    grid = completeness_grid(kind=kind, place=place, start=first, end=month_end(first))
    content = grid_workbook(grid)
    audit_record(
        action=Action.EXPORT,
        obj=place,
        object_type="reports.grid",
        object_id=f"{kind.code}:{first:%Y-%m}",
        place_code=place.code,
        request=request,
        detail={"kind": kind.code, "month": f"{first:%Y-%m}", "rows": len(grid.rows)},
    )
    return _download(content, f"{kind.code}-{place.code}-{first:%Y-%m}.xlsx")


@reports_page
@require_GET
def day_xlsx(request: HttpRequest, kind_code: str, code: str, day: date) -> HttpResponse:
    kind = kind_or_404(kind_code)
    place = _unit_place(request, code)
    figures = day_figures(kind=kind, place=place, day=day)
    content = day_figures_workbook(figures)
    audit_record(
        action=Action.EXPORT,
        obj=place,
        object_type="reports.day_figures",
        object_id=f"{kind.code}:{day.isoformat()}",
        place_code=place.code,
        request=request,
        detail={"kind": kind.code, "day": day.isoformat(), "rows": len(figures.rows)},
    )
    return _download(content, f"{kind.code}-{place.code}-{day.isoformat()}.xlsx")
