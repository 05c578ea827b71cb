"""Pages that add to a child's record: guardians, care arrangements, visits and their
follow-ups, counselling sessions, assistance."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cityplatform.children import selectors
from cityplatform.children.access import registry_get_or_404
from cityplatform.children.forms import (
    ArrangementForm,
    AssistanceForm,
    AssistanceItemFormSet,
    CounsellingForm,
    EndArrangementForm,
    GuardianForm,
    VisitForm,
    apply_service_errors,
)
from cityplatform.children.models import CareArrangement, Child, Guardian, Visit
from cityplatform.children.services import (
    ItemInput,
    arrangement_end,
    arrangement_start,
    assistance_record,
    counselling_record,
    follow_up_complete,
    guardian_add,
    guardian_update,
    visit_record,
)
from cityplatform.core.errors import DomainError

from .common import form_page, registry_view


def handle_child_form(
    request: HttpRequest,
    *,
    child: Child,
    form: forms.Form,
    title: str,
    save: Callable[[dict[str, Any]], object],
) -> HttpResponse:
    """The one flow of these pages: show, validate, call the service, back to the child."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("children:detail", child.pk)
    status = 400 if request.method == "POST" else 200
    return form_page(request, title=title, form=form, child=child, status=status)


def _child(request: HttpRequest, child_pk: int) -> Child:
    return selectors.child_get(user=request.user, pk=child_pk)


@registry_view
@require_http_methods(["GET", "POST"])
def guardian_new(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    return handle_child_form(
        request,
        child=child,
        form=GuardianForm(request.POST or None),
        title=_("Add a guardian"),
        save=lambda data: guardian_add(actor=request.user, child=child, **data),
    )


@registry_view
@require_http_methods(["GET", "POST"])
def guardian_edit(request: HttpRequest, guardian_pk: int) -> HttpResponse:
    guardian = registry_get_or_404(
        Guardian.objects.select_related("child"), request.user, pk=guardian_pk
    )
    initial = {f: getattr(guardian, f) for f in ("name", "relation", "phone", "situation", "note")}
    return handle_child_form(
        request,
        child=guardian.child,
        form=GuardianForm(request.POST or None, initial=initial),
        title=_("Change a guardian"),
        save=lambda data: guardian_update(actor=request.user, guardian=guardian, **data),
    )


@registry_view
@require_http_methods(["GET", "POST"])
def arrangement_new(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    form = ArrangementForm(
        request.POST or None, user=request.user, initial={"starts_on": timezone.localdate()}
    )
    return handle_child_form(
        request,
        child=child,
        form=form,
        title=_("Arrange care"),
        save=lambda data: arrangement_start(actor=request.user, child=child, **data),
    )


@registry_view
@require_http_methods(["GET", "POST"])
def arrangement_finish(request: HttpRequest, arrangement_pk: int) -> HttpResponse:
    arrangement = registry_get_or_404(
        CareArrangement.objects.select_related("child"), request.user, pk=arrangement_pk
    )
    return handle_child_form(
        request,
        child=arrangement.child,
        form=EndArrangementForm(request.POST or None, initial={"ends_on": timezone.localdate()}),
        title=_("End a care arrangement"),
        save=lambda data: arrangement_end(
            actor=request.user,
            arrangement=arrangement,
            ends_on=data["ends_on"],
            reason=data["reason"],
        ),
    )


@registry_view
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    form = VisitForm(
        request.POST or None,
        initial={"visited_on": timezone.localdate(), "visitor_name": str(request.user)},
    )
    return handle_child_form(
        request,
        child=child,
        form=form,
        title=_("Record a visit"),
        save=lambda data: visit_record(actor=request.user, child=child, **data),
    )


@registry_view
@require_POST
def follow_up_done(request: HttpRequest, visit_pk: int) -> HttpResponse:
    visit = registry_get_or_404(Visit.objects.select_related("child"), request.user, pk=visit_pk)
    try:
        follow_up_complete(actor=request.user, visit=visit)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Follow-up marked done."))
    return redirect("children:detail", visit.child_id)


@registry_view
@require_http_methods(["GET", "POST"])
def counselling_new(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    return handle_child_form(
        request,
        child=child,
        form=CounsellingForm(request.POST or None, initial={"held_on": timezone.localdate()}),
        title=_("Record a counselling session"),
        save=lambda data: counselling_record(actor=request.user, child=child, **data),
    )


@registry_view
@require_http_methods(["GET", "POST"])
def assistance_new(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = _child(request, child_pk)
    form = AssistanceForm(request.POST or None, initial={"given_on": timezone.localdate()})
    formset = AssistanceItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = [
            ItemInput(
                item=f.cleaned_data["item"],
                quantity=f.cleaned_data["quantity"],
                unit=f.cleaned_data.get("unit", ""),
            )
            for f in formset.forms
            if f.cleaned_data.get("item")
        ]
        data = form.cleaned_data
        try:
            assistance_record(
                actor=request.user,
                child=child,
                given_on=data["given_on"],
                given_by=data["given_by"],
                items=items,
                cash_amount=data["cash_amount"] or 0,
                cash_purpose=data["cash_purpose"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("children:detail", child.pk)
    status = 400 if request.method == "POST" else 200
    return form_page(
        request,
        title=_("Record assistance"),
        form=form,
        formset=formset,
        child=child,
        status=status,
    )
