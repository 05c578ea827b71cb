"""A village's page (today's report, the one-tap zero, the last two weeks, reminders),
the filing form, and one report with its history."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from cityplatform.reports import services
from cityplatform.reports.days import in_range
from cityplatform.reports.forms import ReportForm
from cityplatform.reports.kinds import ReportKind, due_at, get_kind
from cityplatform.reports.models import Channel, DailyReport
from cityplatform.reports.permissions import (
    may_approve_for_town,
    may_file_for,
)
from cityplatform.reports.selectors import reports as selectors
from cityplatform.reports.services.common import town_code_of
from cityplatform.reports.views.common import error_status_and_text, kind_or_404, reports_page


def village_page(
    request: HttpRequest,
    kind: ReportKind,
    village: Place,
    *,
    form: ReportForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)
    report = selectors.report_find(kind, village, today)
    if form is None:
        initial = {"day": today, **(report.values if report else {})}
        form = ReportForm(kind=kind, initial=initial)
    return render(
        request,
        "reports/village.html",
        {
            "kind": kind,
            "village": village,
            "today": today,
            "deadline": due_at(kind, today),
            "deadline_passed": now > due_at(kind, today),
            "report": report,
            "recent": selectors.village_recent_days(kind, village, today=today),
            "reminders": selectors.village_reminders(kind, village),
            "form": form,
            "may_file": may_file_for(request.user, village),
            "town_visible": place_visible_to(request.user, village.parent_id),
            "error": error,
        },
        status=status,
    )


def _village_or_404(request: HttpRequest, code: str) -> Place:
    village = selectors.place_get_visible(request.user, code)
    if village.level != Place.Level.VILLAGE:
        raise Http404
    return village


@reports_page
@require_POST
def file_zero(request: HttpRequest, kind_code: str, code: str) -> HttpResponse:
    kind = kind_or_404(kind_code)
    village = _village_or_404(request, code)
    try:
        result = services.report_file_zero(actor=request.user, kind=kind, village=village)
    except (DomainError, ValidationError) as exc:
        status, text = error_status_and_text(exc)
        return village_page(request, kind, village, error=text, status=status)
    if result.created:
        messages.success(request, _("Today's zero report is filed. Thank you."))
    else:
        messages.info(request, _("Today's zero report was already filed."))
    return redirect("reports:place", kind_code=kind.code, code=village.code)


def _show_errors(form: ReportForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _day_param(value: str | None, today: date) -> date:
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        return today
    return day if in_range(day) else today


@reports_page
@require_http_methods(["GET", "POST"])
def file_report(request: HttpRequest, kind_code: str, code: str) -> HttpResponse:
    """The form for any day: today's figures, a late report, or a correction."""
    kind = kind_or_404(kind_code)
    village = _village_or_404(request, code)
    today = timezone.localdate()
    status, error = 200, ""
    if request.method == "POST":
        form = ReportForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                result = services.report_file(
                    actor=request.user,
                    kind=kind,
                    village=village,
                    day=form.cleaned_data["day"],
                    values=form.figures(),
                    channel=Channel.FORM,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                status = 422
                _show_errors(form, exc)
            except DomainError as exc:
                status, error = error_status_and_text(exc)
            else:
                if result.created:
                    messages.success(request, _("The report is filed."))
                elif result.changed:
                    messages.success(
                        request,
                        _("The correction is filed; the earlier figures stay in the history."),
                    )
                else:
                    messages.info(request, _("These figures were already filed; nothing changed."))
                return redirect("reports:report", pk=result.report.pk)
        else:
            status = 422
        day = form.cleaned_data.get("day") if hasattr(form, "cleaned_data") else None
    else:
        day = _day_param(request.GET.get("day"), today)
        existing = selectors.report_find(kind, village, day)
        form = ReportForm(kind=kind, initial={"day": day, **(existing.values if existing else {})})
    existing = selectors.report_find(kind, village, day) if day else None
    return render(
        request,
        "reports/file.html",
        {
            "kind": kind,
            "village": village,
            "form": form,
            "existing": existing,
            "error": error,
            "may_file": may_file_for(request.user, village),
            "today": today,
        },
        status=status,
    )


@reports_page
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_visible(request.user, pk)
    return _report_page(request, report)


def _report_page(
    request: HttpRequest, report: DailyReport, *, error: str = "", status: int = 200
) -> HttpResponse:
    kind = get_kind(report.kind)
    town = report.village.parent
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "kind": kind,
            "labels": {f.name: f.label for f in kind.fields} if kind else {},
            "versions": selectors.report_versions(report),
            "events": selectors.report_approval_events(report),
            "may_approve": town is not None
            and not report.is_approved
            and may_approve_for_town(request.user, town),
            "may_file": may_file_for(request.user, report.village),
            "town_code": town_code_of(report.village_id),
            "error": error,
        },
        status=status,
    )


@reports_page
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_visible(request.user, pk)
    try:
        services.report_approve(actor=request.user, report=report)
    except DomainError as exc:
        status, text = error_status_and_text(exc)
        return _report_page(request, report, error=text, status=status)
    messages.success(request, _("The report is approved."))
    return redirect("reports:report", pk=report.pk)
