"""Pages: the public list (htmx narrows it in place), a development with its enquiry
form (htmx submit, success fragment), and the enquiry handlers' console."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone
from cityplatform.developments import selectors
from cityplatform.developments.forms import (
    DevelopmentSearchForm,
    EnquiryForm,
    EnquiryNoteForm,
    EnquiryTransitionForm,
    apply_service_errors,
)
from cityplatform.developments.models import Development, Enquiry, EnquiryStatus
from cityplatform.developments.permissions import is_handler
from cityplatform.developments.selectors import DevelopmentFilters
from cityplatform.developments.services import (
    enquiry_add_note,
    enquiry_submit,
    enquiry_transition,
)
from cityplatform.developments.throttle import enquiry_throttle_check

PAGE_SIZE = 12


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_GET
def development_list(request: HttpRequest) -> HttpResponse:
    form = DevelopmentSearchForm(request.GET or None)
    filters = form.filters() if form.is_valid() else DevelopmentFilters()
    page = Paginator(selectors.development_search(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    # htmx asks for the results only when a filter changes; a plain request gets the page.
    template = (
        "developments/_results.html" if _is_htmx(request) else "developments/development_list.html"
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, template, context, status=status)


def _detail(
    request: HttpRequest, development: Development, form: EnquiryForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "developments/development_detail.html",
        {
            "development": development,
            "unit_types": selectors.development_unit_types(development),
            "summary": selectors.price_summary(development),
            "form": form,
        },
        status=status,
    )


@require_GET
def development_detail(request: HttpRequest, pk: int) -> HttpResponse:
    development = selectors.development_get_public(pk)
    return _detail(request, development, EnquiryForm(development=development))


def _enquiry_form_response(
    request: HttpRequest,
    development: Development,
    form: EnquiryForm,
    *,
    status: int,
    error: str = "",
) -> HttpResponse:
    if _is_htmx(request):
        # Swapped in place of the form by developments.js (htmx swaps no 4xx by itself).
        return render(
            request,
            "developments/_enquiry_form.html",
            {"development": development, "form": form, "error": error},
            status=status,
        )
    if error:
        messages.error(request, error)
    return _detail(request, development, form, status=status)


@require_POST
def enquiry_create(request: HttpRequest, pk: int) -> HttpResponse:
    development = selectors.development_get_public(pk)
    form = EnquiryForm(request.POST, development=development)
    try:
        enquiry_throttle_check(request)
    except DomainError as exc:
        return _enquiry_form_response(
            request, development, form, status=exc.status, error=exc.message
        )
    if form.is_valid():
        if not form.is_spam:
            try:
                enquiry_submit(
                    development=development,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    contact_time=form.cleaned_data["contact_time"],
                    message=form.cleaned_data["message"],
                    unit_type=form.cleaned_data["unit_type"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
        # A bot that filled the hidden field is told "thanks" too; nothing is stored.
        if form.is_valid():
            if _is_htmx(request):
                return render(
                    request, "developments/_enquiry_success.html", {"development": development}
                )
            return redirect("developments:enquiry_done", pk=development.pk)
    return _enquiry_form_response(request, development, form, status=400)


@require_GET
def enquiry_done(request: HttpRequest, pk: int) -> HttpResponse:
    development = selectors.development_get_public(pk)
    return render(request, "developments/enquiry_done.html", {"development": development})


# --- The enquiry handlers' console ------------------------------------------------


def _require_handler(request: HttpRequest) -> None:
    # Only enquiry handlers have a console; to anyone else it does not exist.
    if not is_handler(request.user):
        raise Http404


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


@login_required
@require_GET
def console(request: HttpRequest) -> HttpResponse:
    _require_handler(request)
    status = request.GET.get("status", "")
    if status not in EnquiryStatus.values:
        status = ""
    development_id = _int_or_none(request.GET.get("development"))
    enquiries = selectors.enquiries_for_handler(
        user=request.user, status=status or None, development=development_id
    )
    page = Paginator(enquiries, 20).get_page(request.GET.get("page"))
    for enquiry in page.object_list:
        # Lists never show a full number; the enquiry's own page does, and audits it.
        enquiry.phone_masked = mask_phone(enquiry.phone)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "developments/console/list.html",
        {
            "page": page,
            "status": status,
            "statuses": EnquiryStatus.choices,
            "development_id": development_id,
            "developments": selectors.developments_for_staff(request.user),
            "new_count": selectors.new_enquiry_count(request.user),
            "query": query.urlencode(),
        },
    )


def _panel_context(enquiry: Enquiry, **extra: object) -> dict[str, object]:
    return {
        "enquiry": enquiry,
        "events": selectors.enquiry_events(enquiry),
        "next_statuses": [
            (s, EnquiryStatus(s).label) for s in selectors.enquiry_next_statuses(enquiry)
        ],
        "note_form": EnquiryNoteForm(),
        **extra,
    }


@login_required
@require_GET
def console_enquiry(request: HttpRequest, pk: int) -> HttpResponse:
    _require_handler(request)
    enquiry = selectors.enquiry_get_for_handler(user=request.user, pk=pk)
    # The page shows the buyer's name and full phone number.
    audit_record(action=Action.VIEW, obj=enquiry, request=request)
    return render(request, "developments/console/enquiry.html", _panel_context(enquiry))


def _after_post(
    request: HttpRequest,
    enquiry: Enquiry,
    *,
    error: str = "",
    success: str = "",
    note_form: EnquiryNoteForm | None = None,
) -> HttpResponse:
    """htmx gets the refreshed panel; a plain form post is redirected back to the page."""
    if _is_htmx(request):
        fresh = selectors.enquiry_get_for_handler(user=request.user, pk=enquiry.pk)
        extra: dict[str, object] = {"error": error, "success": success}
        if note_form is not None:
            extra["note_form"] = note_form
        return render(request, "developments/console/_panel.html", _panel_context(fresh, **extra))
    if error:
        messages.error(request, error)
    if success:
        messages.success(request, success)
    return redirect("developments:console_enquiry", pk=enquiry.pk)


def _messages_of(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(str(m) for m in exc.messages)
    return str(exc) or _("You may not do this.")


@login_required
@require_POST
def console_transition(request: HttpRequest, pk: int) -> HttpResponse:
    _require_handler(request)
    enquiry = selectors.enquiry_get_for_handler(user=request.user, pk=pk)
    form = EnquiryTransitionForm(request.POST)
    if not form.is_valid():
        return _after_post(request, enquiry, error=_("Choose a valid status."))
    try:
        enquiry_transition(
            enquiry=enquiry,
            actor=request.user,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        return _after_post(request, enquiry, error=exc.message)
    except (ValidationError, PermissionDenied) as exc:
        return _after_post(request, enquiry, error=_messages_of(exc))
    success = _("The enquiry is now “%(status)s”.") % {"status": enquiry.get_status_display()}
    return _after_post(request, enquiry, success=success)


@login_required
@require_POST
def console_note(request: HttpRequest, pk: int) -> HttpResponse:
    _require_handler(request)
    enquiry = selectors.enquiry_get_for_handler(user=request.user, pk=pk)
    form = EnquiryNoteForm(request.POST)
    if not form.is_valid():
        error = "；".join(str(m) for errors in form.errors.values() for m in errors)
        return _after_post(request, enquiry, error=error, note_form=form)
    try:
        enquiry_add_note(enquiry=enquiry, actor=request.user, note=form.cleaned_data["note"])
    except (ValidationError, PermissionDenied) as exc:
        return _after_post(request, enquiry, error=_messages_of(exc))
    return _after_post(request, enquiry, success=_("Note added."))
