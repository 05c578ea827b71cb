"""The customer's pages: the product, the four steps, the line and its money."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cityplatform.lending import rates, selectors
from cityplatform.lending.forms import CalculatorForm
from cityplatform.lending.services import clock


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    product = selectors.product_for_sale()
    tiers = list(selectors.product_tiers(product)) if product else []
    return render(request, "lending/home.html", {"product": product, "tiers": tiers})


@require_GET
def calculator(request: HttpRequest) -> HttpResponse:
    """What a draw costs before it is taken: day one's interest, total interest, schedule."""
    product = selectors.product_for_sale()
    data = request.GET if "amount" in request.GET else None
    form = CalculatorForm(data, product=product)
    result = None
    if product is not None and form.is_valid():
        tier = product.tiers.get(grade=form.cleaned_data["grade"])
        result = rates.quote(
            amount=form.cleaned_data["amount"],
            daily_rate=tier.daily_rate,
            term_months=form.cleaned_data["term_months"],
            method=form.cleaned_data["method"],
            start=clock.business_date_today(),
        )
    return render(
        request,
        "lending/calculator.html",
        {"product": product, "form": form, "quote": result},
        status=400 if data is not None and not form.is_valid() else 200,
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """Step 1 done (logged in): on to the line's dashboard, or to the application."""
    return redirect("lending:home")
