"""Hotline pages: the calls of the user's places, logging a call, one call and its response."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cityplatform.audit.services import Action, audit_record
from cityplatform.children import selectors
from cityplatform.children.forms import HotlineCallForm, RespondForm, apply_service_errors
from cityplatform.children.services import hotline_call_log, hotline_call_respond
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone

from .common import form_page, registry_view

PAGE_SIZE = 50


@registry_view
@require_http_methods(["GET"])
def hotline_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("open") == "1"
    calls = selectors.hotline_calls_for(request.user, open_only=open_only)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    for call in page.object_list:
        call.caller_phone_masked = mask_phone(call.caller_phone) if call.caller_phone else ""  # type: ignore[attr-defined]
    return render(request, "children/hotline_list.html", {"page": page, "open_only": open_only})


@registry_view
@require_http_methods(["GET", "POST"])
def hotline_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if (child_id := request.GET.get("child", "")).isdigit():
        initial["child"] = int(child_id)
    form = HotlineCallForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = None
        if data["child"]:
            child = selectors.children_for(request.user).filter(pk=data["child"]).first()
            if child is None:
                form.add_error("child", _("No child with this record number in your places."))
        if not form.errors:
            try:
                call = hotline_call_log(
                    actor=request.user,
                    concern=data["concern"],
                    urgency=data["urgency"],
                    place=data["place"],
                    child=child,
                    caller_name=data["caller_name"],
                    caller_phone=data["caller_phone"],
                    received_at=data["received_at"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The call is logged and routed."))
                return redirect("children:hotline_detail", call.pk)
    status = 400 if request.method == "POST" else 200
    return form_page(request, title=_("Log a hotline call"), form=form, status=status)


@registry_view
@require_http_methods(["GET"])
def hotline_detail(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = selectors.hotline_call_get(user=request.user, pk=call_pk)
    audit_record(action=Action.VIEW, obj=call, request=request)
    return render(
        request,
        "children/hotline_detail.html",
        {"call": call, "form": RespondForm()},
    )


@registry_view
@require_POST
def hotline_respond(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = selectors.hotline_call_get(user=request.user, pk=call_pk)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            hotline_call_respond(actor=request.user, call=call, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Response recorded."))
            return redirect("children:hotline_detail", call.pk)
    return render(request, "children/hotline_detail.html", {"call": call, "form": form}, status=400)
