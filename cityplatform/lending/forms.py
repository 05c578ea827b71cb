"""Forms of the customer pages and the console. They parse; services decide."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityplatform.lending.models import Product, RepaymentMethod


def _method_choices(product: Product | None) -> list[tuple[str, str]]:
    allowed = product.repayment_methods if product else RepaymentMethod.values
    return [(value, str(label)) for value, label in RepaymentMethod.choices if value in allowed]


def _term_choices(product: Product | None) -> list[tuple[int, str]]:
    terms = product.terms_months if product else list(range(1, 13))
    return [(t, str(_("%(n)s months") % {"n": t})) for t in terms]


class CalculatorForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        initial=Decimal("10000"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    term_months = forms.TypedChoiceField(label=_("Term"), coerce=int)
    method = forms.ChoiceField(label=_("Repayment method"))
    grade = forms.ChoiceField(label=_("Risk grade"))

    def __init__(self, *args: Any, product: Product | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product = product
        self.fields["term_months"].choices = _term_choices(product)  # type: ignore[attr-defined]
        self.fields["method"].choices = _method_choices(product)  # type: ignore[attr-defined]
        tiers = list(product.tiers.order_by("daily_rate")) if product else []
        self.fields["grade"].choices = [  # type: ignore[attr-defined]
            (t.grade, f"{t.grade}") for t in tiers
        ]
