"""The housing staff console (/housing/console/): today's viewings and the buyers to
call about viewings cancelled as their home left the market, open deals by stage,
reports, duplicates and listings about to expire, in the user's jurisdiction; booking
viewings, recording calls and moving deals, each through one service.

Only housing staff have a console; to anyone else it does not exist (404).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone
from cityplatform.housing import clock, selectors_matching, services, staff_selectors
from cityplatform.housing.console_forms import (
    DealAdvanceForm,
    DealFallThroughForm,
    DealOpenForm,
    ViewingForm,
    ViewingOutcomeForm,
    apply_service_errors,
)
from cityplatform.housing.models import Deal, DealStage, Listing
from cityplatform.housing.permissions import is_housing_staff
from cityplatform.housing.selectors import false_listing_reports_for_staff, listing_get_for_staff

# Rows per work list; the count above each list says how many there are in all.
LIST_LIMIT = 50


def _require_staff(request: HttpRequest) -> None:
    if not is_housing_staff(request.user):
        raise Http404


def _masked(rows: list[Any]) -> list[Any]:
    for row in rows:
        row.phone_masked = mask_phone(row.buyer_phone)
    return rows


def _masked_calls(calls: list[Any]) -> list[Any]:
    for call in calls:
        call.phone_masked = mask_phone(call.viewing.buyer_phone)
    return calls


def _error_text(exc: DomainError | PermissionDenied) -> str:
    if isinstance(exc, DomainError):
        return str(exc.message)
    return str(exc) or _("You may not do this.")


def _local(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _listing_or_error(request: HttpRequest, form: forms.Form) -> Listing | None:
    try:
        return listing_get_for_staff(request.user, form.cleaned_data["listing"])
    except Http404:
        form.add_error("listing", _("There is no listing with this number in your district."))
        return None


def _console(
    request: HttpRequest,
    *,
    viewing_form: ViewingForm | None = None,
    deal_form: DealOpenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    mine, others = staff_selectors.viewings_today(user)
    reports = false_listing_reports_for_staff(user)
    duplicates = staff_selectors.listings_flagged_duplicate(user)
    expiring = staff_selectors.listings_expiring_soon(user)
    expiring_rows = list(expiring[:LIST_LIMIT])
    for listing in expiring_rows:
        listing.expires_at = staff_selectors.expires_at(listing)  # type: ignore[attr-defined]
    context = {
        "today": clock.today(),
        "viewing_form": viewing_form or ViewingForm(),
        "deal_form": deal_form or DealOpenForm(),
        "outcome_form": ViewingOutcomeForm(),
        "my_viewings": _masked(mine),
        "viewing_calls": _masked_calls(list(staff_selectors.viewing_calls_to_make(user))),
        "other_viewings": _masked(others),
        "deal_board": staff_selectors.open_deals_by_stage(user, limit=LIST_LIMIT),
        "reports": list(reports[:LIST_LIMIT]),
        "report_count": reports.count(),
        "duplicates": list(duplicates[:LIST_LIMIT]),
        "duplicate_count": duplicates.count(),
        "expiring": expiring_rows,
        "expiring_count": expiring.count(),
        "demands": list(selectors_matching.demands_for_staff(user)[:LIST_LIMIT]),
        "matches": list(selectors_matching.matches_to_call(user)[:LIST_LIMIT]),
    }
    return render(request, "housing/console/console.html", context, status=status)


@login_required
@require_GET
def console(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return _console(request)


@login_required
@require_POST
def viewing_book(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = ViewingForm(request.POST)
    listing = _listing_or_error(request, form) if form.is_valid() else None
    if listing is not None:
        try:
            viewing = services.viewing_book(
                listing=listing,
                actor=request.user,
                buyer_name=form.cleaned_data["buyer_name"],
                buyer_phone=form.cleaned_data["buyer_phone"],
                starts_at=form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request,
                _("Viewing #%(number)s booked for %(when)s.")
                % {"number": viewing.pk, "when": _local(viewing.starts_at)},
            )
            return redirect("housing:console")
    return _console(request, viewing_form=form, status=400)


@login_required
@require_POST
def viewing_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    viewing = staff_selectors.viewing_get_for_staff(request.user, pk)
    form = ViewingOutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect("housing:console")
    try:
        services.viewing_record_outcome(
            viewing=viewing,
            actor=request.user,
            status=form.cleaned_data["status"],
            notes=form.cleaned_data["notes"],
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Viewing #%(number)s: %(status)s.")
            % {"number": viewing.pk, "status": viewing.get_status_display()},
        )
    return redirect("housing:console")


@login_required
@require_POST
def viewing_call_done(request: HttpRequest, pk: int) -> HttpResponse:
    call = staff_selectors.viewing_call_get_for_staff(request.user, pk)
    try:
        services.viewing_call_done(call=call, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("Call about viewing #%(number)s recorded.") % {"number": call.viewing_id},
        )
    return redirect("housing:console")


@login_required
@require_POST
def deal_open(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = DealOpenForm(request.POST)
    listing = _listing_or_error(request, form) if form.is_valid() else None
    if listing is not None:
        try:
            deal = services.deal_open(
                listing=listing,
                actor=request.user,
                buyer_name=form.cleaned_data["buyer_name"],
                buyer_phone=form.cleaned_data["buyer_phone"],
                agreed_price_yuan=form.cleaned_data["agreed_price_yuan"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Deal #%(number)s opened.") % {"number": deal.pk})
            return redirect("housing:deal", pk=deal.pk)
    return _console(request, deal_form=form, status=400)


def _deal_page(
    request: HttpRequest,
    deal: Deal,
    *,
    advance_form: DealAdvanceForm | None = None,
    fall_form: DealFallThroughForm | None = None,
    status: int = 200,
) -> HttpResponse:
    deal.phone_masked = mask_phone(deal.buyer_phone)  # type: ignore[attr-defined]
    next_stage = deal.next_stage
    context = {
        "deal": deal,
        "events": staff_selectors.deal_events(deal),
        "next_stage_label": DealStage(next_stage).label if next_stage else "",
        "advance_form": advance_form or DealAdvanceForm(initial={"expected_stage": deal.stage}),
        "fall_form": fall_form or DealFallThroughForm(),
    }
    return render(request, "housing/console/deal.html", context, status=status)


@login_required
@require_GET
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = staff_selectors.deal_get_for_staff(request.user, pk)
    # The page names the buyer: reading it is audited, like the owner's contact.
    audit_record(action=Action.VIEW, obj=deal, request=request)
    return _deal_page(request, deal)


@login_required
@require_POST
def deal_advance(request: HttpRequest, pk: int) -> HttpResponse:
    deal = staff_selectors.deal_get_for_staff(request.user, pk)
    form = DealAdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.deal_advance(
                deal=deal,
                actor=request.user,
                note=form.cleaned_data["note"],
                agreed_price_yuan=form.cleaned_data["agreed_price_yuan"],
                expected_stage=form.cleaned_data["expected_stage"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request, _("The deal is now “%(stage)s”.") % {"stage": deal.get_stage_display()}
            )
            return redirect("housing:deal", pk=deal.pk)
    deal.refresh_from_db()
    return _deal_page(request, deal, advance_form=form, status=400)


@login_required
@require_POST
def deal_fall_through(request: HttpRequest, pk: int) -> HttpResponse:
    deal = staff_selectors.deal_get_for_staff(request.user, pk)
    form = DealFallThroughForm(request.POST)
    if form.is_valid():
        try:
            services.deal_fall_through(
                deal=deal, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("The deal fell through."))
            return redirect("housing:deal", pk=deal.pk)
    deal.refresh_from_db()
    return _deal_page(request, deal, fall_form=form, status=400)
