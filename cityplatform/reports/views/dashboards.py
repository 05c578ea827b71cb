"""Dashboards: a place's units by day (county: towns; town: villages) with today's
missing villages, and one day's figures with the approvals that belong to it."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from cityplatform.reports import services
from cityplatform.reports.charts import grid_heatmap_option
from cityplatform.reports.forms import DayForm
from cityplatform.reports.kinds import ReportKind, all_kinds, default_kind, due_at
from cityplatform.reports.permissions import may_approve_for_county, may_approve_for_town
from cityplatform.reports.selectors import reports as selectors
from cityplatform.reports.selectors.completeness import (
    Tally,
    completeness_by_town,
    completeness_grid,
    month_end,
    months_with_reports,
    villages_missing,
)
from cityplatform.reports.selectors.figures import day_figures
from cityplatform.reports.views.common import (
    error_status_and_text,
    kind_or_404,
    month_start,
    reports_page,
)
from cityplatform.reports.views.village import village_page


@reports_page
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the user's own place: a village's page, a town's or county's grid."""
    kind = default_kind()
    place = selectors.home_place(request.user)
    if kind is None or place is None:
        raise Http404
    url = reverse("reports:place", kwargs={"kind_code": kind.code, "code": place.code})
    month = request.GET.get("month", "")
    return redirect(f"{url}?{urlencode({'month': month})}" if month else url)


@reports_page
@require_GET
def place_page(request: HttpRequest, kind_code: str, code: str) -> HttpResponse:
    kind = kind_or_404(kind_code)
    place = selectors.place_get_visible(request.user, code)
    if place.level == Place.Level.VILLAGE:
        return village_page(request, kind, place)
    return _dashboard(request, kind, place)


def _dashboard(request: HttpRequest, kind: ReportKind, place: Place) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    first = month_start(request.GET.get("month"), today)
    last = month_end(first)
    grid = completeness_grid(kind=kind, place=place, start=first, end=last, now=now)
    today_by_town = completeness_by_town(kind=kind, prefix=place.prefix, day=today)
    return render(
        request,
        "reports/dashboard.html",
        {
            "kind": kind,
            "kinds": all_kinds(),
            "place": place,
            "grid": grid,
            "heatmap": grid_heatmap_option(grid),
            "month": first,
            "previous_month": (first - timedelta(days=1)).replace(day=1),
            "next_month": last + timedelta(days=1),
            "months": months_with_reports(kind=kind, prefix=place.prefix),
            "today": today,
            "deadline": due_at(kind, today),
            "today_total": sum((t.tally for t in today_by_town), start=Tally()),
            "missing_today": villages_missing(kind=kind, prefix=place.prefix, day=today),
            "is_county": place.level <= Place.Level.COUNTY,
        },
    )


def _day_page(
    request: HttpRequest,
    kind: ReportKind,
    place: Place,
    day: date,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    if place.level == Place.Level.VILLAGE:
        raise Http404
    figures = day_figures(kind=kind, place=place, day=day)
    is_town = place.level == Place.Level.TOWN
    reports = (
        {
            r.village_id: r
            for r in selectors.report_list(request.user, kind=kind, day=day, place=place)
        }
        if is_town
        else {}
    )
    rows = [(row, reports.get(row.place.code)) for row in figures.rows]
    county_rows = {
        row.place.code
        for row in figures.rows
        if not is_town
        and not row.county_approved
        and row.tally.expected
        and row.tally.approved == row.tally.expected
        and may_approve_for_county(request.user, row.place)
    }
    return render(
        request,
        "reports/day.html",
        {
            "kind": kind,
            "place": place,
            "day": day,
            "figures": figures,
            "rows": rows,
            "is_town": is_town,
            "deadline": due_at(kind, day),
            "may_town_approve": is_town
            and figures.total.tally.approved < figures.total.tally.reported
            and may_approve_for_town(request.user, place),
            "may_county_approve": is_town
            and not figures.total.county_approved
            and may_approve_for_county(request.user, place),
            "county_rows": county_rows,
            "error": error,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1) if day < timezone.localdate() else None,
        },
        status=status,
    )


@reports_page
@require_GET
def day_page(request: HttpRequest, kind_code: str, code: str, day: date) -> HttpResponse:
    kind = kind_or_404(kind_code)
    place = selectors.place_get_visible(request.user, code)
    return _day_page(request, kind, place, day)


def _town_or_404(request: HttpRequest, code: str) -> Place:
    town = selectors.place_get_visible(request.user, code)
    if town.level != Place.Level.TOWN:
        raise Http404
    return town


@reports_page
@require_POST
def town_approve(request: HttpRequest, kind_code: str, code: str) -> HttpResponse:
    kind = kind_or_404(kind_code)
    town = _town_or_404(request, code)
    form = DayForm(request.POST)
    if not form.is_valid():
        return _day_page(
            request, kind, town, timezone.localdate(), error=_("Choose a valid day."), status=422
        )
    day = form.cleaned_data["day"]
    try:
        count = services.town_day_approve(actor=request.user, kind=kind, town=town, day=day)
    except DomainError as exc:
        status, text = error_status_and_text(exc)
        return _day_page(request, kind, town, day, error=text, status=status)
    messages.success(
        request,
        ngettext("%(count)d report approved.", "%(count)d reports approved.", count)
        % {"count": count},
    )
    return redirect("reports:day", kind_code=kind.code, code=town.code, day=day)


@reports_page
@require_POST
def county_approve(request: HttpRequest, kind_code: str, code: str) -> HttpResponse:
    """The county approves a town's day; back to the page the officer came from."""
    kind = kind_or_404(kind_code)
    town = _town_or_404(request, code)
    form = DayForm(request.POST)
    if not form.is_valid():
        return _day_page(
            request, kind, town, timezone.localdate(), error=_("Choose a valid day."), status=422
        )
    day = form.cleaned_data["day"]
    try:
        services.county_day_approve(actor=request.user, kind=kind, town=town, day=day)
    except DomainError as exc:
        status, text = error_status_and_text(exc)
        return _day_page(request, kind, town, day, error=text, status=status)
    messages.success(
        request,
        _("%(town)s's %(day)s is approved and locked.")
        % {"town": town.name, "day": day.isoformat()},
    )
    back = request.POST.get("back") == "county" and town.parent_id
    target = back or town.code
    return redirect("reports:day", kind_code=kind.code, code=target, day=day)
