"""The officers' console: the applications queue, lines, draws in flight, overdue lists
and the product's settings. Only credit officers (and superusers) have it; to anyone
else it does not exist (404). Everything listed is inside the officer's jurisdiction."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cityplatform.accounts.jurisdiction import get_visible_or_404
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.lending import rates, selectors
from cityplatform.lending.forms import (
    ProductForm,
    ReviewForm,
    TierForm,
    apply_domain_error,
)
from cityplatform.lending.identity import mask_id_number
from cityplatform.lending.models import Application, Line, RateTier, RegulatoryCap
from cityplatform.lending.selectors import console as console_selectors
from cityplatform.lending.services.disbursement import draw_disburse
from cityplatform.lending.services.lines import line_close
from cityplatform.lending.services.products import (
    EDITABLE_FIELDS,
    cap_set_active,
    cap_violations,
    product_activate,
    product_suspend,
    product_update,
    tier_update,
)
from cityplatform.lending.services.repayments import credit_balance_refund
from cityplatform.lending.services.reviews import application_review

PAGE_SIZE = 30
View = Callable[..., HttpResponse]


def officer_only(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not (user.is_superuser or user.has_role("lending_officer")):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _context(request: HttpRequest, section: str, **extra: Any) -> dict[str, Any]:
    return {"section": section, "overview": console_selectors.overview(request.user), **extra}


@officer_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    applications = console_selectors.applications_for_officer(
        request.user, status=request.GET.get("status") or "review"
    )
    return render(
        request,
        "lending/console/queue.html",
        _context(
            request,
            "queue",
            page=_page(request, applications),
            status=request.GET.get("status") or "review",
        ),
    )


@officer_only
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_visible_or_404(
        Application.objects.select_related("segment", "product"), request.user, pk=pk
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_review(
                application=obj,
                officer=request.user,
                approve=form.cleaned_data["decision"] == ReviewForm.APPROVE,
                note=form.cleaned_data["note"],
                credit_limit=form.cleaned_data["credit_limit"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, _("The application has been decided."))
            return redirect("lending:console_application", pk=obj.pk)
    # The page shows the applicant's name and phone: reading it is recorded.
    audit_record(action=Action.VIEW, obj=obj, request=request)
    return render(
        request,
        "lending/console/application.html",
        _context(
            request,
            "queue",
            application=obj,
            masked_id=mask_id_number(obj.id_number),
            decisions=obj.decisions.order_by("created_at", "id"),
            line=selectors.application_line(obj),
            form=form,
        ),
        status=400 if request.method == "POST" else 200,
    )


@officer_only
@require_GET
def lines(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = console_selectors.lines_for_officer(request.user, status=status)
    return render(
        request,
        "lending/console/lines.html",
        _context(
            request, "lines", page=_page(request, qs), status=status, statuses=Line.Status.choices
        ),
    )


@officer_only
@require_GET
def line(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_visible_or_404(
        Line.objects.select_related("product", "borrower"), request.user, pk=pk
    )
    return render(
        request,
        "lending/console/line.html",
        _context(
            request,
            "lines",
            line=obj,
            summary=selectors.line_summary(obj),
            draws=selectors.line_draws(obj)[:50],
            repayments=selectors.line_repayments(obj)[:20],
            notices=selectors.line_notices(obj)[:20],
        ),
    )


@officer_only
@require_POST
def line_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Refund a line's credit balance, or close a line that owes nothing."""
    obj = get_visible_or_404(Line.objects.all(), request.user, pk=pk)
    try:
        if request.POST.get("action") == "close":
            line_close(line=obj, actor=request.user)
            messages.success(request, _("The line is closed."))
        else:
            refunded = credit_balance_refund(line=obj, actor=request.user)
            messages.success(
                request, _("%(amount)s yuan refunded.") % {"amount": f"{refunded:,.2f}"}
            )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("lending:console_line", pk=obj.pk)


@officer_only
@require_GET
def draws_in_flight(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "lending/console/draws.html",
        _context(
            request,
            "draws",
            in_flight=console_selectors.draws_in_flight(request.user),
            failed=console_selectors.draws_failed(request.user)[:20],
            recent=console_selectors.draws_recent(request.user)[:20],
        ),
    )


@officer_only
@require_POST
def draw_resume(request: HttpRequest, pk: int) -> HttpResponse:
    draw = get_visible_or_404(console_selectors.draws_visible(request.user), request.user, pk=pk)
    result = draw_disburse(draw_id=draw.pk)
    messages.info(
        request,
        _("Draw #%(id)s is now “%(status)s”.")
        % {"id": draw.pk, "status": result.get_status_display()},
    )
    return redirect("lending:console_draws")


@officer_only
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    qs = console_selectors.draws_overdue(request.user, stage=stage)
    return render(
        request,
        "lending/console/overdue.html",
        _context(request, "overdue", page=_page(request, qs), stage=stage, stages=[1, 2, 3, 4]),
    )


def _product_page(
    request: HttpRequest, form: ProductForm | None = None, status: int = 200
) -> HttpResponse:
    product = console_selectors.product_current()
    if product is None:
        raise Http404
    tiers = list(product.tiers.order_by("-min_score"))
    return render(
        request,
        "lending/console/product.html",
        _context(
            request,
            "product",
            product=product,
            form=form or ProductForm(initial=ProductForm.initial_for(product)),
            tiers=[
                (t, TierForm(initial=console_selectors.tier_initial(t), prefix=f"tier{t.pk}"))
                for t in tiers
            ],
            caps=RegulatoryCap.objects.order_by("kind"),
            violations=cap_violations(product),
            segments=product.segments.prefetch_related("organisations"),
            prohibited=product.prohibited_purposes.all(),
        ),
        status=status,
    )


@officer_only
@require_http_methods(["GET", "POST"])
def product(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _product_page(request)
    current = console_selectors.product_current()
    if current is None:
        raise Http404
    form = ProductForm(request.POST)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        try:
            product_update(product=current, actor=request.user, **changes)
        except DomainError as exc:
            for message in exc.details.get("errors") or [str(exc.message)]:
                form.add_error(None, message)
        else:
            messages.success(request, _("The product's settings are saved."))
            return redirect("lending:console_product")
    return _product_page(request, form, status=400)


@officer_only
@require_POST
def tier(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(RateTier, pk=pk)
    form = TierForm(request.POST, prefix=f"tier{obj.pk}")
    if not form.is_valid():
        messages.error(request, _("Check the grade's figures."))
        return redirect("lending:console_product")
    try:
        tier_update(
            tier=obj,
            actor=request.user,
            daily_rate=rates.percent_to_rate(form.cleaned_data["daily_rate_percent"]),
            min_score=form.cleaned_data["min_score"],
            income_multiple=form.cleaned_data["income_multiple"],
            max_limit=form.cleaned_data["max_limit"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Grade %(grade)s is saved.") % {"grade": obj.grade})
    return redirect("lending:console_product")


@officer_only
@require_POST
def cap(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(RegulatoryCap, pk=pk)
    active = request.POST.get("active") == "1"
    flagged = cap_set_active(cap=obj, active=active, actor=request.user)
    if flagged:
        messages.warning(
            request,
            _(
                "Switched on. These active products break it and cannot be changed until they comply: %(names)s."
            )
            % {"names": "、".join(p.name for p in flagged)},
        )
    else:
        messages.success(request, _("The cap is saved."))
    return redirect("lending:console_product")


@officer_only
@require_POST
def product_status(request: HttpRequest) -> HttpResponse:
    current = console_selectors.product_current()
    if current is None:
        raise Http404
    try:
        if request.POST.get("status") == "active":
            product_activate(product=current, actor=request.user)
        else:
            product_suspend(product=current, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The product's status is saved."))
    return redirect("lending:console_product")
