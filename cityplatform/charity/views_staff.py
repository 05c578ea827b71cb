"""The charity console for staff: record donations, propose and decide disbursements,
publish disclosures and correct donations and disbursements, inside the user's
jurisdiction."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cityplatform.charity.forms import (
    CorrectionForm,
    DecisionForm,
    DisbursementCorrectionForm,
    DisbursementForm,
    DonationForm,
    PublishForm,
)
from cityplatform.charity.selectors import staff
from cityplatform.charity.selectors.schedule import disclosure_duties
from cityplatform.charity.services import (
    DonationInput,
    LineInput,
    disbursement_approve,
    disbursement_correct,
    disbursement_propose,
    disbursement_reject,
    disclosure_publish,
    donation_correct,
    donation_record,
)
from cityplatform.charity.views import receipt_print_url
from cityplatform.core.errors import DomainError


def _require_staff(request: HttpRequest) -> None:
    # To anyone else the console does not exist.
    if not staff.is_charity_staff(request.user):
        raise Http404


@login_required
def console(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    user = request.user
    campaigns = [(c, disclosure_duties(c)) for c in staff.campaigns_for(user)[:20]]
    pending = list(staff.disbursements_for(user, status="proposed")[:50])
    for item in pending:
        item.is_own = item.proposed_by_id == user.pk  # type: ignore[attr-defined]
    donations = list(staff.donations_for(user)[:20])
    for donation in donations:
        donation.print_url = receipt_print_url(donation)  # type: ignore[attr-defined]
    return render(
        request,
        "charity/console.html",
        {
            "campaigns": campaigns,
            "pending": pending,
            "decided": staff.disbursements_for(user).exclude(status="proposed")[:20],
            "donations": donations,
            "decision_form": DecisionForm(),
            "correction_form": CorrectionForm(),
        },
    )


def _fail(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def donation_new(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = DonationForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                donation = donation_record(
                    actor=request.user,
                    data=DonationInput(
                        campaign=data["campaign"],
                        organisation=data["organisation"],
                        donor_kind=data["donor_kind"],
                        donor_name=data["donor_name"],
                        credit_code=data["credit_code"],
                        id_number=data["id_number"],
                        publish_name=data["publish_name"],
                        kind=data["kind"],
                        amount=data["amount"],
                        item=data["item"],
                        quantity=data["quantity"] or None,
                        unit=data["unit"],
                        designation=data["designation"],
                        received_on=data["received_on"],
                        note=data["note"],
                    ),
                )
            except DomainError as exc:
                field = exc.details.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("Donation recorded: receipt %(number)s.")
                    % {"number": donation.receipt_number},
                )
                return redirect("charity:console")
        status = 400
    return render(request, "charity/donation_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def disbursement_new(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = DisbursementForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                disbursement_propose(
                    actor=request.user,
                    campaign=data["campaign"],
                    organisation=data["organisation"],
                    recipient=data["recipient"],
                    purpose=data["purpose"],
                    designation=data["designation"],
                    lines=[
                        LineInput(fund, amount=amount or None, quantity=quantity or None)
                        for fund, amount, quantity in form.lines()
                    ],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Proposed. Another staff member must approve it."))
                return redirect("charity:console")
        status = 400
    return render(request, "charity/disbursement_form.html", {"form": form}, status=status)


@login_required
@require_POST
def disbursement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    disbursement = staff.disbursement_for(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("charity:console")
    actor: Any = request.user
    try:
        if form.cleaned_data["decision"] == "approve":
            disbursement_approve(
                actor=actor, disbursement=disbursement, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Approved and paid from the funds."))
        else:
            disbursement_reject(
                actor=actor, disbursement=disbursement, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Rejected."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("charity:console")


@login_required
@require_POST
def donation_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    donation = staff.donation_for(request.user, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was wrong."))
        return redirect("charity:console")
    try:
        donation_correct(actor=request.user, donation=donation, reason=form.cleaned_data["reason"])
        messages.success(request, _("Corrected; a dated note now stands beside the figures."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("charity:console")


@login_required
@require_http_methods(["GET", "POST"])
def disbursement_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    disbursement = staff.disbursement_for(request.user, pk)
    form = DisbursementCorrectionForm(request.POST or None, disbursement=disbursement)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            repost = not data["withdraw"]
            try:
                disbursement_correct(
                    actor=request.user,
                    disbursement=disbursement,
                    reason=data["reason"],
                    lines=[
                        LineInput(fund, amount=value)
                        if fund.kind == "money"
                        else LineInput(fund, quantity=value)
                        for fund, value in form.lines()
                    ]
                    if repost
                    else None,
                    purpose=data["purpose"] if repost else None,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Corrected; a dated note now stands beside the figures.")
                )
                return redirect("charity:console")
        status = 400
    return render(
        request,
        "charity/disbursement_correct.html",
        {"form": form, "disbursement": disbursement},
        status=status,
    )


@login_required
@require_POST
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _require_staff(request)
    campaign = staff.campaign_for(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose interim or final."))
        return redirect("charity:console")
    try:
        disclosure_publish(actor=request.user, campaign=campaign, kind=form.cleaned_data["kind"])
        messages.success(request, _("Disclosure published."))
    except DomainError as exc:
        _fail(request, exc)
    return redirect("charity:console")
