"""The borrower's refund of their credit balance (money overpaid), paid back to their
account through the payment rail before the page answers."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cityplatform.core.errors import DomainError
from cityplatform.lending import selectors
from cityplatform.lending.forms import RefundForm, apply_domain_error, renew_idempotency_key
from cityplatform.lending.models import Refund
from cityplatform.lending.services.idempotency import fingerprint
from cityplatform.lending.services.refunds import refund_pay, refund_request


@login_required
@require_http_methods(["GET", "POST"])
def refund(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.line_get_for_borrower(request.user, pk)
    initial = {"idempotency_key": uuid.uuid4().hex, "amount": f"{obj.credit_balance:.2f}"}
    form = RefundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        body = {"amount": form.cleaned_data["amount"]}
        try:
            result = refund_request(
                line=obj,
                actor=request.user,
                amount=body["amount"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                fingerprint=fingerprint("refund", body),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
            renew_idempotency_key(form)
        else:
            done = result.refund
            if done is not None and not result.replayed:
                done = refund_pay(refund_id=done.pk)
            if done is not None and done.status == Refund.Status.PAID:
                messages.success(
                    request,
                    _("%(amount)s yuan of your credit balance was paid back to your account.")
                    % {"amount": f"{done.amount:,.2f}"},
                )
            elif done is not None and done.status == Refund.Status.FAILED:
                messages.error(
                    request,
                    _(
                        "The bank could not pay the refund of %(amount)s yuan; your credit "
                        "balance is unchanged. Please try again later."
                    )
                    % {"amount": f"{done.amount:,.2f}"},
                )
            return redirect("lending:line", pk=obj.pk)
    return render(
        request,
        "lending/refund.html",
        {"line": obj, "form": form, "refunds": selectors.line_refunds(obj)[:5]},
        status=400 if request.method == "POST" else 200,
    )
