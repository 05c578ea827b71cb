"""Pages of life services: the public directory and the provider staff console."""

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
from cityplatform.directory import selectors
from cityplatform.directory.forms import (
    NoteForm,
    ServiceRequestForm,
    TransitionForm,
    apply_service_errors,
)
from cityplatform.directory.models import ServiceRequest
from cityplatform.directory.services import (
    service_request_add_note,
    service_request_submit,
    service_request_transition,
)

PAGE_SIZE = 20


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[: selectors.QUERY_MAX_LENGTH]
    categories = list(selectors.category_list())
    category_id = _int_or_none(request.GET.get("category"))
    category = next((c for c in categories if c.pk == category_id), None)
    providers = selectors.provider_list(q=q or None, category=category)
    page = Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/provider_list.html",
        {"page": page, "q": q, "categories": categories, "category": category},
    )


def _detail(
    request: HttpRequest, pk: int, form: ServiceRequestForm, *, status: int = 200
) -> HttpResponse:
    provider = selectors.provider_get_published(pk)
    return render(
        request,
        "directory/provider_detail.html",
        {"provider": provider, "form": form},
        status=status,
    )


@require_GET
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk, ServiceRequestForm())


@require_POST
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    provider = selectors.provider_get_published(pk)
    form = ServiceRequestForm(request.POST)
    if form.is_valid():
        if form.is_spam:
            # Look like success to the bot; store nothing.
            return redirect("directory:request_done", pk=provider.pk)
        try:
            service_request_submit(
                provider=provider,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                address=form.cleaned_data["address"],
                need=form.cleaned_data["need"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("directory:request_done", pk=provider.pk)
    return _detail(request, pk, form, status=400)


@require_GET
def request_done(request: HttpRequest, pk: int) -> HttpResponse:
    provider = selectors.provider_get_published(pk)
    return render(request, "directory/request_done.html", {"provider": provider})


# --- The provider staff console ---------------------------------------------


def _require_console(request: HttpRequest) -> None:
    # Only provider staff have a console; to anyone else it does not exist.
    if not selectors.providers_for_staff(request.user).exists():
        raise Http404


@login_required
@require_GET
def console(request: HttpRequest) -> HttpResponse:
    _require_console(request)
    status = request.GET.get("status", "")
    if status not in ServiceRequest.Status.values:
        status = ""
    requests_qs = selectors.requests_for_staff(user=request.user, status=status or None)
    page = Paginator(requests_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for obj in page.object_list:
        obj.phone_masked = mask_phone(obj.phone)  # type: ignore[attr-defined]
    return render(
        request,
        "directory/console/list.html",
        {
            "page": page,
            "status": status,
            "statuses": ServiceRequest.Status.choices,
            "overdue_count": selectors.overdue_count_for_staff(request.user),
            "providers": selectors.providers_for_staff(request.user),
        },
    )


def _panel_context(request_obj: ServiceRequest, **extra: object) -> dict[str, object]:
    return {
        "obj": request_obj,
        "notes": selectors.request_notes(request_obj),
        "next_statuses": [
            (s, ServiceRequest.Status(s).label) for s in selectors.next_statuses(request_obj)
        ],
        "note_form": NoteForm(),
        **extra,
    }


@login_required
@require_GET
def console_request(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.request_get_for_staff(user=request.user, pk=pk)
    # The page shows the resident's name, phone and address in full.
    audit_record(
        action=Action.VIEW,
        obj=request_obj,
        place_code=request_obj.provider.place_id,
        request=request,
    )
    return render(request, "directory/console/request.html", _panel_context(request_obj))


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _after_post(
    request: HttpRequest,
    request_obj: ServiceRequest,
    *,
    error: str = "",
    success: str = "",
    note_form: NoteForm | None = None,
) -> HttpResponse:
    """htmx gets the refreshed panel; a plain form post is redirected back to the page."""
    if _is_htmx(request):
        fresh = selectors.request_get_for_staff(user=request.user, pk=request_obj.pk)
        extra: dict[str, object] = {"error": error, "success": success}
        if note_form is not None:
            extra["note_form"] = note_form
        return render(request, "directory/console/_panel.html", _panel_context(fresh, **extra))
    if error:
        messages.error(request, error)
    if success:
        messages.success(request, success)
    return redirect("directory:console_request", pk=request_obj.pk)


def _messages_of(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(str(m) for m in exc.messages)
    return str(exc) or _("You may not do this.")


@login_required
@require_POST
def console_transition(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.request_get_for_staff(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _after_post(request, request_obj, error=_("Choose a valid status."))
    try:
        service_request_transition(
            request_obj=request_obj,
            actor=request.user,  # type: ignore[arg-type]
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        return _after_post(request, request_obj, error=str(exc.message))
    except (ValidationError, PermissionDenied) as exc:
        return _after_post(request, request_obj, error=_messages_of(exc))
    success = _("The request is now “%(status)s”.") % {"status": request_obj.get_status_display()}
    return _after_post(request, request_obj, success=success)


@login_required
@require_POST
def console_note(request: HttpRequest, pk: int) -> HttpResponse:
    request_obj = selectors.request_get_for_staff(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        error = "；".join(str(m) for errors in form.errors.values() for m in errors)
        return _after_post(request, request_obj, error=error, note_form=form)
    try:
        service_request_add_note(
            request_obj=request_obj,
            actor=request.user,  # type: ignore[arg-type]
            text=form.cleaned_data["text"],
        )
    except (ValidationError, PermissionDenied) as exc:
        return _after_post(request, request_obj, error=_messages_of(exc))
    return _after_post(request, request_obj, success=_("Note added."))
