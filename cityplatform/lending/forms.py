"""Forms of the customer pages and the console. They parse; services decide."""

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


def renew_idempotency_key(form: Any) -> None:
    """A refused request's form goes back with a new Idempotency-Key: the corrected
    request is a new request."""
    data = form.data.copy()
    data["idempotency_key"] = uuid.uuid4().hex
    form.data = data


def apply_domain_error(form: forms.BaseForm, exc: Any) -> None:
    """Show a service's DomainError on the form: per field when it names fields."""
    fields = exc.details.get("fields") or {}
    field = exc.details.get("field")
    if field and not fields:
        fields = {field: [str(exc.message)]}
    placed = False
    for name, messages in fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=30)
    id_number = forms.CharField(
        label=_("ID card number"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    place_code = forms.ChoiceField(label=_("District or county you live in"))
    segment = forms.ChoiceField(label=_("Customer group"))
    employer_name = forms.CharField(label=_("Employer (full name)"), max_length=200)
    segment_evidence = forms.CharField(
        label=_("Evidence of your customer group"),
        max_length=64,
        help_text=_(
            "Payroll customers: the payroll account number; mortgage customers: the "
            "mortgage contract number; others: your staff number."
        ),
    )
    monthly_income = forms.CharField(
        label=_("Monthly income after tax (yuan)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    monthly_debt_payments = forms.CharField(
        label=_("Monthly payments on existing debts (yuan)"),
        max_length=20,
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    employment_years = forms.IntegerField(
        label=_("Years with your employer"), min_value=0, max_value=60
    )
    consent = forms.BooleanField(
        label=_(
            "I authorise the bank to check my identity, employment and credit record for "
            "this application."
        ),
        required=False,
    )

    def __init__(self, *args: Any, product: Product, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place_code"].choices = [(p.code, p.name) for p in places]  # type: ignore[attr-defined]
        self.fields["segment"].choices = [  # type: ignore[attr-defined]
            (s.code, s.name) for s in product.segments.all()
        ]


class DrawForm(forms.Form):
    OTHER = "other"

    amount = forms.CharField(
        label=_("Amount (yuan)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "10000.00"}),
    )
    purpose = forms.ChoiceField(label=_("What is the money for?"))
    purpose_other = forms.CharField(label=_("Other purpose"), max_length=100, required=False)
    term_months = forms.TypedChoiceField(label=_("Term"), coerce=int)
    repayment_method = forms.ChoiceField(label=_("Repayment method"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)
    # Set by the confirmation step: the customer has seen the schedule.
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, product: Product, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [  # type: ignore[attr-defined]
            *[(p, p) for p in product.purposes],
            (self.OTHER, str(_("Other"))),
        ]
        self.fields["term_months"].choices = _term_choices(product)  # type: ignore[attr-defined]
        self.fields["repayment_method"].choices = _method_choices(product)  # type: ignore[attr-defined]

    @property
    def stated_purpose(self) -> str:
        choice = self.cleaned_data["purpose"]
        return self.cleaned_data.get("purpose_other", "") if choice == self.OTHER else choice


class RepayForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount to repay (yuan)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)


class RefundForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount to refund (yuan)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200)


# --- The officers' console -------------------------------------------------------


class ReviewForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, pgettext_lazy("loan application", "Approve")), (REJECT, _("Decline"))],
        widget=forms.RadioSelect,
    )
    credit_limit = forms.CharField(
        label=_("Credit limit (yuan)"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for the proposed limit; it may be lowered, not raised."),
    )
    note = forms.CharField(
        label=_("Note (required when declining)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _int_list(value: str) -> list[int]:
    try:
        return [int(part) for part in value.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise forms.ValidationError(_("Give whole months separated by commas.")) from None


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_secured = forms.BooleanField(label=_("Secured"), required=False)
    is_internet = forms.BooleanField(label=_("Internet channel"), required=False)
    credit_limit_min = forms.DecimalField(label=_("Smallest credit limit"), decimal_places=2)
    credit_limit_max = forms.DecimalField(label=_("Highest credit limit"), decimal_places=2)
    draw_min = forms.DecimalField(label=_("Smallest draw"), decimal_places=2)
    terms_months = forms.CharField(
        label=_("Terms (months)"), help_text=_("Comma-separated, e.g. 1, 3, 6, 9, 12.")
    )
    repayment_methods = forms.MultipleChoiceField(
        label=_("Repayment methods"),
        choices=RepaymentMethod.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    penalty_multiplier = forms.DecimalField(
        label=_("Penalty interest multiplier"), decimal_places=2
    )
    min_age = forms.IntegerField(label=_("Youngest applicant (years)"))
    max_age = forms.IntegerField(label=_("Oldest applicant (years)"))
    min_monthly_income = forms.DecimalField(label=_("Lowest monthly income"), decimal_places=2)
    max_debt_to_income = forms.DecimalField(
        label=_("Highest debt-to-income ratio"), decimal_places=2
    )
    approve_score = forms.IntegerField(label=_("Score to approve automatically"), min_value=0)
    review_band = forms.IntegerField(label=_("Review band (points)"), min_value=0)
    reapply_after_days = forms.IntegerField(
        label=_("Days before a rejected applicant may apply again"), min_value=0
    )
    purposes = forms.CharField(
        label=_("Purposes offered"),
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_terms_months(self) -> list[int]:
        return _int_list(self.cleaned_data["terms_months"])

    def clean_purposes(self) -> list[str]:
        lines = self.cleaned_data["purposes"].splitlines()
        return [line.strip() for line in lines if line.strip()]

    @classmethod
    def initial_for(cls, product: Product) -> dict[str, Any]:
        initial = {name: getattr(product, name) for name in cls.base_fields}
        initial["terms_months"] = ", ".join(str(t) for t in product.terms_months)
        initial["purposes"] = "\n".join(product.purposes)
        return initial


class TierForm(forms.Form):
    daily_rate_percent = forms.DecimalField(
        label=_("Daily rate (% a day)"), max_digits=8, decimal_places=6, min_value=Decimal("0")
    )
    min_score = forms.IntegerField(label=_("Lowest score"), min_value=0)
    income_multiple = forms.DecimalField(label=_("Income multiple"), decimal_places=2)
    max_limit = forms.DecimalField(label=_("Highest limit of the grade"), decimal_places=2)
