"""Staff forms. Amounts stay text here: the services parse them, so a form and the API
refuse a bad amount with the same message."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.charity.models import Campaign, Disbursement, Donor
from cityplatform.charity.models.setup import FundKind
from cityplatform.charity.selectors import staff
from cityplatform.charity.services.funds import funds_available

LINES = 3
# Every choice list is set per user in __init__ (their jurisdiction).
_NONE: Any = Campaign.objects.none()


class DonationForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=_NONE)
    organisation = forms.ModelChoiceField(label=_("Receiving organisation"), queryset=_NONE)
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    donor_kind = forms.ChoiceField(label=_("Donor"), choices=Donor.Kind.choices)
    donor_name = forms.CharField(label=_("Donor name"), max_length=100, required=False)
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=40, required=False
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=40,
        required=False,
        help_text=_("Checked, then kept masked only."),
    )
    publish_name = forms.BooleanField(
        label=_("The donor agrees to be named in the public list"), required=False, initial=True
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=FundKind.choices)
    amount = forms.CharField(
        label=_("Amount or valuation (yuan)"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    item = forms.CharField(label=_("Item (goods)"), max_length=100, required=False)
    quantity = forms.CharField(label=_("Quantity (goods)"), max_length=30, required=False)
    unit = forms.CharField(label=_("Unit (goods)"), max_length=16, required=False)
    designation = forms.ModelChoiceField(
        label=_("Directed to (leave empty if undirected)"),
        queryset=_NONE,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = staff.campaigns_for(user)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = staff.organisations_for(user)  # type: ignore[attr-defined]
        self.fields["designation"].queryset = staff.designations_for(user)  # type: ignore[attr-defined]
        self.fields["received_on"].initial = timezone.localdate()


class FundChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, available: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = available

    def label_from_instance(self, obj: Any) -> str:
        left = self.available.get(obj.pk)
        if left is None:
            return str(obj)
        if left.quantity is not None:
            return f"{obj.campaign} · {obj} · {left.quantity:.2f}{obj.unit}"
        return f"{obj.campaign} · {obj} · {left.amount:.2f}"


class DisbursementForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=_NONE)
    organisation = forms.ModelChoiceField(label=_("Paying organisation"), queryset=_NONE)
    recipient = forms.CharField(label=_("Recipient"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    designation = forms.ModelChoiceField(
        label=_("Serves the directed purpose (needed to use directed funds)"),
        queryset=_NONE,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = staff.campaigns_for(user)  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = staff.organisations_for(user)  # type: ignore[attr-defined]
        self.fields["designation"].queryset = staff.designations_for(user)  # type: ignore[attr-defined]
        funds = list(staff.funds_for(user)[:300])
        available = funds_available(funds)
        for n in range(1, LINES + 1):
            self.fields[f"fund_{n}"] = FundChoiceField(
                label=_("Fund %(n)s (remaining)") % {"n": n},
                queryset=staff.funds_for(user),
                required=n == 1,
                available=available,
            )
            self.fields[f"amount_{n}"] = forms.CharField(
                label=_("Amount (money funds)"), max_length=30, required=False
            )
            self.fields[f"quantity_{n}"] = forms.CharField(
                label=_("Quantity (goods funds)"), max_length=30, required=False
            )

    def lines(self) -> list[tuple[Any, str, str]]:
        data = self.cleaned_data
        return [
            (data[f"fund_{n}"], data[f"amount_{n}"], data[f"quantity_{n}"])
            for n in range(1, LINES + 1)
            if data.get(f"fund_{n}")
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", pgettext_lazy("disbursement decision", "Approve")),
            ("reject", _("Reject")),
        ]
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("What was wrong"), max_length=300)


class DisbursementCorrectionForm(forms.Form):
    """Correct an approved disbursement: withdraw it, or give the right amounts (one
    field per fund it drew on, blank to leave that fund out) and purpose."""

    reason = forms.CharField(label=_("What was wrong"), max_length=300)
    withdraw = forms.BooleanField(
        label=_("Withdraw it entirely (it was never paid)"), required=False
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args: Any, disbursement: Disbursement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disbursement_lines = list(disbursement.lines.all())
        self.fields["purpose"].initial = disbursement.purpose
        for line in self.disbursement_lines:
            fund = line.fund
            if fund.kind == FundKind.MONEY:
                label = _("%(fund)s: amount (yuan)") % {"fund": fund}
                initial = line.amount
            else:
                label = _("%(fund)s: quantity (%(unit)s)") % {"fund": fund, "unit": fund.unit}
                initial = line.quantity
            self.fields[f"line_{fund.pk}"] = forms.CharField(
                label=label, max_length=30, required=False, initial=initial
            )

    def lines(self) -> list[tuple[Any, str]]:
        """(fund, amount or quantity) for each fund given a value."""
        data = self.cleaned_data
        return [
            (line.fund, data[f"line_{line.fund.pk}"].strip())
            for line in self.disbursement_lines
            if data.get(f"line_{line.fund.pk}", "").strip()
        ]


class PublishForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("interim", _("Interim disclosure")), ("final", _("Final disclosure"))]
    )
