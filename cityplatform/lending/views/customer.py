"""The customer's pages, mobile first: the product, the four steps (log in, apply,
approval, money), the line's dashboard, draw, repay, statements and the calculator."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cityplatform.core.errors import DomainError
from cityplatform.lending import rates, selectors
from cityplatform.lending.forms import (
    ApplicationForm,
    CalculatorForm,
    DrawForm,
    RepayForm,
    apply_domain_error,
    renew_idempotency_key,
)
from cityplatform.lending.models import Line, Outcome, Product, RepaymentMethod
from cityplatform.lending.services import clock
from cityplatform.lending.services.applications import ApplicationInput, application_submit
from cityplatform.lending.services.disbursement import draw_disburse
from cityplatform.lending.services.draws import draw_preview, draw_request
from cityplatform.lending.services.idempotency import fingerprint
from cityplatform.lending.services.repayments import repayment_make
from cityplatform.places.models import Place


def _product_or_404() -> Product:
    product = selectors.product_for_sale()
    if product is None:
        raise Http404
    return product


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    product = selectors.product_for_sale()
    tiers = list(selectors.product_tiers(product)) if product else []
    return render(request, "lending/home.html", {"product": product, "tiers": tiers})


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """What a draw costs before it is taken: day one's interest, total interest, schedule.

    A borrower's own rate is used when they have a line; others pick a grade."""
    product = selectors.product_for_sale()
    line = selectors.lines_for_borrower(request.user).exclude(status=Line.Status.CLOSED).first()
    data = request.GET if "amount" in request.GET else None
    initial = {"grade": line.grade} if line else None
    form = CalculatorForm(data, product=product, initial=initial)
    result = None
    if product is not None and form.is_valid():
        tier = product.tiers.get(grade=form.cleaned_data["grade"])
        daily = line.daily_rate if line and line.grade == tier.grade else tier.daily_rate
        result = rates.quote(
            amount=form.cleaned_data["amount"],
            daily_rate=daily,
            term_months=form.cleaned_data["term_months"],
            method=form.cleaned_data["method"],
            start=clock.business_date_today(),
        )
    template = (
        "lending/_quote.html" if request.headers.get("HX-Request") else "lending/calculator.html"
    )
    return render(
        request,
        template,
        {"product": product, "form": form, "quote": result, "line": line},
        status=400 if data is not None and not form.is_valid() else 200,
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """After logging in (step 1): the open line's dashboard, the pending application,
    or the application form."""
    line = selectors.lines_for_borrower(request.user).exclude(status=Line.Status.CLOSED).first()
    if line is not None:
        return redirect("lending:line", pk=line.pk)
    pending = selectors.applications_of(request.user).filter(status=Outcome.REVIEW).first()
    if pending is not None:
        return redirect("lending:application", pk=pending.pk)
    return redirect("lending:apply")


def _county_places() -> Any:
    return Place.objects.filter(code__startswith="4302", level=Place.Level.COUNTY).order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Step 2: the application. Decided on submission (step 3)."""
    product = _product_or_404()
    form = ApplicationForm(request.POST or None, product=product, places=_county_places())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_submit(
                applicant=request.user,
                product=product,
                data=ApplicationInput(
                    full_name=data["full_name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    place_code=data["place_code"],
                    employer_name=data["employer_name"],
                    segment_code=data["segment"],
                    segment_evidence=data["segment_evidence"],
                    monthly_income=data["monthly_income"],
                    monthly_debt_payments=data["monthly_debt_payments"],
                    employment_years=data["employment_years"],
                    consent=data["consent"],
                ),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            return redirect("lending:application", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "lending/apply.html", {"form": form, "product": product, "step": 2}, status=status
    )


@login_required
@require_GET
def application(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: the decision, with its reasons."""
    obj = selectors.application_get_for_applicant(request.user, pk)
    decision = selectors.application_latest_decision(obj)
    return render(
        request,
        "lending/application.html",
        {
            "application": obj,
            "decision": decision,
            "line": selectors.application_line(obj),
            "step": 3,
        },
    )


@login_required
@require_GET
def line(request: HttpRequest, pk: int) -> HttpResponse:
    """The line's dashboard: limit, available, next due, interest so far."""
    obj = selectors.line_get_for_borrower(request.user, pk)
    return render(
        request,
        "lending/line.html",
        {
            "line": obj,
            "summary": selectors.line_summary(obj),
            "draws": selectors.line_draws(obj)[:10],
            "repayments": selectors.line_repayments(obj)[:5],
            "notices": selectors.line_notices(obj)[:5],
        },
    )


def _renew_key(form: Any) -> None:
    """A new Idempotency-Key for the refused request's form, which is shown for
    confirmation again before anything is lent."""
    renew_idempotency_key(form)
    data = form.data.copy()
    data["confirmed"] = ""
    form.data = data


def _draw_form(product: Product, data: Any = None) -> DrawForm:
    initial = {
        "idempotency_key": uuid.uuid4().hex,
        "term_months": product.terms_months[0] if product.terms_months else 1,
    }
    return DrawForm(data, product=product, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 4: borrow. The first submission shows the schedule to confirm; the confirmed
    one is paid out before the page answers (a few seconds at most)."""
    obj = selectors.line_get_for_borrower(request.user, pk)
    product = obj.product
    form = _draw_form(product, request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body = {
            "amount": data["amount"],
            "purpose": form.stated_purpose,
            "term_months": data["term_months"],
            "repayment_method": data["repayment_method"],
        }
        try:
            if not data["confirmed"]:
                preview = draw_preview(line=obj, **body)
            else:
                result = draw_request(
                    line=obj,
                    actor=request.user,
                    idempotency_key=data["idempotency_key"],
                    fingerprint=fingerprint("draw", body),
                    **body,
                )
        except DomainError as exc:
            apply_domain_error(form, exc)
            # A corrected request is a new request: it goes with a new key.
            _renew_key(form)
        else:
            if preview is None:
                if result.draw is None:  # the key answered a refusal earlier
                    return redirect("lending:draw", pk=obj.pk)
                if not result.replayed:
                    draw_disburse(draw_id=result.draw.pk)
                return redirect("lending:draw_detail", pk=obj.pk, draw_pk=result.draw.pk)
    context = {
        "line": obj,
        "form": form,
        "summary": selectors.line_summary(obj),
        "step": 4,
        "preview": preview,
        "method_label": (RepaymentMethod(preview.method).label if preview is not None else ""),
        "product": product,
    }
    refused = request.method == "POST" and preview is None
    return render(request, "lending/draw.html", context, status=400 if refused else 200)


@login_required
@require_GET
def draw_detail(request: HttpRequest, pk: int, draw_pk: int) -> HttpResponse:
    obj = selectors.draw_get_for_borrower(request.user, pk, draw_pk)
    template = (
        "lending/_draw_status.html"
        if request.headers.get("HX-Request")
        else "lending/draw_detail.html"
    )
    return render(
        request,
        template,
        {"line": obj.line, "draw": obj, "instalments": obj.instalments.order_by("seq"), "step": 4},
    )


@login_required
@require_http_methods(["GET", "POST"])
def repay(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.line_get_for_borrower(request.user, pk)
    summary = selectors.line_summary(obj)
    initial = {"idempotency_key": uuid.uuid4().hex, "amount": f"{summary.payoff:.2f}"}
    form = RepayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        body = {"amount": form.cleaned_data["amount"]}
        try:
            result = repayment_make(
                line=obj,
                actor=request.user,
                amount=body["amount"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                fingerprint=fingerprint("repayment", body),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
            _renew_key(form)
        else:
            repayment = result.repayment
            if repayment is not None:
                messages.success(
                    request,
                    _(
                        "Repaid %(amount)s yuan: penalty interest %(penalty)s, interest "
                        "%(interest)s, principal %(principal)s, kept as credit balance "
                        "%(credit)s."
                    )
                    % {
                        "amount": f"{repayment.amount:,.2f}",
                        "penalty": f"{repayment.penalty_paid:,.2f}",
                        "interest": f"{repayment.interest_paid:,.2f}",
                        "principal": f"{repayment.principal_paid:,.2f}",
                        "credit": f"{repayment.credit_added:,.2f}",
                    },
                )
            return redirect("lending:line", pk=obj.pk)
    return render(
        request,
        "lending/repay.html",
        {"line": obj, "form": form, "summary": summary},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def statements(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.line_get_for_borrower(request.user, pk)
    return render(
        request,
        "lending/statements.html",
        {"line": obj, "statements": selectors.line_statements(obj)[:24]},
    )


@login_required
@require_GET
def statement(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    obj = selectors.line_get_for_borrower(request.user, pk)
    found = selectors.line_statements(obj).filter(pk=statement_pk).first()
    if found is None:
        raise Http404
    return render(
        request,
        "lending/statement.html",
        {
            "line": obj,
            "statement": found,
            "draws": selectors.line_draws(obj).filter(
                disbursed_on__gte=found.period_start, disbursed_on__lte=found.period_end
            ),
            "repayments": selectors.line_repayments(obj).filter(
                business_date__gte=found.period_start, business_date__lte=found.period_end
            ),
        },
    )
