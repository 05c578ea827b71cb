"""Pages of volunteer services: the public 三社联动 overview, a volunteer's own service
certificate, public certificate verification, and the staff's spreadsheet import."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.volunteers import charts, services
from cityplatform.volunteers.forms import (
    IdentityForm,
    ServiceRecordImportForm,
    StatsFilterForm,
    VerifyForm,
)
from cityplatform.volunteers.models import Organization, Volunteer
from cityplatform.volunteers.permissions import organizations_managed_by
from cityplatform.volunteers.selectors import stats
from cityplatform.volunteers.selectors.certificates import (
    certificate_check,
    certificate_get,
    certificate_records,
)
from cityplatform.volunteers.selectors.people import volunteer_find_by_identity, volunteer_service

# A volunteer found by name, ID number and phone stays found for this long.
SELF_SERVICE_SESSION_KEY = "volunteers:self_service"
SELF_SERVICE_SECONDS = 15 * 60
# Identity lookups per client address in LOOKUP_WINDOW seconds: enough for typos,
# too few to guess anyone's ID number.
LOOKUP_LIMIT = 10
LOOKUP_WINDOW = 10 * 60


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    form = StatsFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "volunteers/overview.html", {"form": form}, status=400)
    selection = form.selection if form.is_bound else stats.StatsFilter()
    by_type = stats.breakdown(selection, "type")
    by_week = stats.breakdown(selection, "week")
    by_town = stats.breakdown(selection, "town")
    context: dict[str, Any] = {
        "form": form,
        "selection": selection,
        "figures": stats.summary(selection),
        "by_organization": stats.breakdown(selection, "organization"),
        "by_type": by_type,
        "output_totals": stats.output_totals(selection),
        "outputs_by_organization": stats.outputs_by_organization(selection),
        "latest": stats.latest_activities(selection, limit=10),
        "type_chart": charts.activities_by_type(by_type),
        "week_chart": charts.person_times_by_week(by_week),
        "town_chart": charts.person_times_by_town(by_town),
    }
    return render(request, "volunteers/overview.html", context)


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _lookup_allowed(request: HttpRequest) -> bool:
    key = f"volunteers:lookups:{_client(request)}"
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOOKUP_WINDOW)
        count = 1
    return count <= LOOKUP_LIMIT


def _self_service_volunteer(request: HttpRequest) -> Volunteer | None:
    pk = request.session.get(SELF_SERVICE_SESSION_KEY)
    return Volunteer.objects.filter(pk=pk).first() if pk else None


@require_http_methods(["GET", "POST"])
def my_service(request: HttpRequest) -> HttpResponse:
    """A volunteer finds their own service by name, ID number and phone, and prints a
    certificate for any organisation they served."""
    volunteer = _self_service_volunteer(request)
    form = IdentityForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not _lookup_allowed(request):
            form.add_error(None, _("Too many attempts; try again in ten minutes."))
            status = 429
        elif form.is_valid():
            volunteer = volunteer_find_by_identity(**form.cleaned_data)
            audit_record(
                action=Action.SEARCH,
                obj=volunteer,
                object_type="volunteers.volunteer",
                request=request,
                detail={"found": volunteer is not None, "self_service": True},
            )
            if volunteer is None:
                form.add_error(None, _("No volunteer matches this name, ID number and phone."))
                status = 404
            else:
                request.session.cycle_key()
                request.session[SELF_SERVICE_SESSION_KEY] = volunteer.pk
                request.session.set_expiry(SELF_SERVICE_SECONDS)
                return redirect("volunteers:my_service")
        else:
            status = 400
    service = volunteer_service(volunteer) if volunteer is not None else []
    return render(
        request,
        "volunteers/my_service.html",
        {"form": form, "volunteer": volunteer, "service": service},
        status=status,
    )


@require_POST
def my_certificate(request: HttpRequest, organization_id: int) -> HttpResponse:
    volunteer = _self_service_volunteer(request)
    if volunteer is None:
        return redirect("volunteers:my_service")
    organization = get_object_or_404(
        Organization.objects.filter(memberships__volunteer=volunteer), pk=organization_id
    )
    try:
        certificate = services.certificate_issue(volunteer=volunteer, organization=organization)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("volunteers:my_service")
    return redirect("volunteers:certificate", number=certificate.number)


@require_POST
def my_service_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(SELF_SERVICE_SESSION_KEY, None)
    return redirect("volunteers:my_service")


@require_GET
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    """The printable certificate: name and masked ID number only, the service, and where
    anyone can verify it."""
    found = certificate_get(number)
    verify_url = request.build_absolute_uri(
        reverse("volunteers:verify_number", args=[found.number])
    )
    return render(
        request,
        "volunteers/certificate.html",
        {"certificate": found, "records": certificate_records(found), "verify_url": verify_url},
    )


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        number = "".join(form.cleaned_data["number"].split()).upper()
        return redirect("volunteers:verify_number", number=number)
    return render(
        request, "volunteers/verify.html", {"form": form}, status=400 if form.is_bound else 200
    )


@require_GET
def verify_number(request: HttpRequest, number: str) -> HttpResponse:
    try:
        found = certificate_get(number)
    except Http404:
        form = VerifyForm(initial={"number": number})
        return render(
            request, "volunteers/verify.html", {"form": form, "not_found": number}, status=404
        )
    return render(
        request,
        "volunteers/verify.html",
        {"form": VerifyForm(), "certificate": found, "check": certificate_check(found)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest) -> HttpResponse:
    """Organisation staff and the bureau upload a sign-in sheet of service records."""
    organizations = organizations_managed_by(request.user).order_by("name")
    if not organizations.exists():
        raise Http404
    form = ServiceRecordImportForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    refused: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = services.read_rows(upload.name, upload.read())
                count = services.service_records_import(
                    organization=form.cleaned_data["organization"], rows=rows, actor=request.user
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
                refused = exc.details.get("rows", [])
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(count)d service records imported.") % {"count": count},
                )
                return redirect("volunteers:staff_import")
    return render(
        request,
        "volunteers/staff_import.html",
        {"form": form, "refused": refused},
        status=status,
    )
