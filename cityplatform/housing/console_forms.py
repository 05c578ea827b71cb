"""Forms of the staff console: book a viewing, record its outcome, open and move deals.

They only shape the input; the services decide (hours, overlaps, stages) and their
errors are shown on the form by `apply_service_errors`.
"""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.housing import clock
from cityplatform.housing.models import DealStage, ViewingStatus
from cityplatform.housing.models.deals import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from cityplatform.housing.services.viewings import DEFAULT_DURATION_MINUTES, NOTES_MAX_LENGTH

DURATIONS_MINUTES = (30, 45, 60, 90, 120)
# Where a service's field error shows on a console form.
FIELD_ALIASES = {"starts_at": "time", "notes": "notes", "note": "note"}


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, per field where the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        name = FIELD_ALIASES.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class ListingNumberField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Listing number"))
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)


class BuyerFields(forms.Form):
    buyer_name = forms.CharField(label=_("Buyer's name"), max_length=64)
    buyer_phone = forms.CharField(
        label=_("Buyer's phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class ViewingForm(BuyerFields):
    listing = ListingNumberField()
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        initial=DEFAULT_DURATION_MINUTES,
    )
    field_order = ["listing", "buyer_name", "buyer_phone", "date", "time", "duration_minutes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = clock.today()
        duration = self.fields["duration_minutes"]
        assert isinstance(duration, forms.TypedChoiceField)
        duration.choices = [
            (m, gettext("%(minutes)d minutes") % {"minutes": m}) for m in DURATIONS_MINUTES
        ]

    def starts_at(self) -> datetime:
        """The date and time typed in, as local time."""
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))


class ViewingOutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (s.value, s.label)
            for s in (ViewingStatus.DONE, ViewingStatus.NO_SHOW, ViewingStatus.CANCELLED)
        ],
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.TextInput(),
    )


class DealOpenForm(BuyerFields):
    listing = ListingNumberField()
    agreed_price_yuan = forms.DecimalField(
        label=_("Agreed price (yuan)"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        min_value=0,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    field_order = ["listing", "buyer_name", "buyer_phone", "agreed_price_yuan", "note"]


class DealAdvanceForm(forms.Form):
    expected_stage = forms.ChoiceField(choices=DealStage.choices, widget=forms.HiddenInput)
    agreed_price_yuan = forms.DecimalField(
        label=_("New agreed price (yuan), if it changed"),
        required=False,
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        min_value=0,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DealFallThroughForm(forms.Form):
    note = forms.CharField(label=_("Why did it fall through?"), max_length=2000)
