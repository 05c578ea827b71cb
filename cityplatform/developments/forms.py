"""Forms: the public filters and enquiry form, the handlers' console, the admin.

Their checks call the same validators as the services, so a form error and a service
error read the same.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.core.validators import normalize_credit_code, normalize_phone
from cityplatform.developments.models import (
    ContactTime,
    Development,
    EnquiryStatus,
    SaleStatus,
    UnitType,
)
from cityplatform.developments.selectors import DevelopmentFilters, district_choices
from cityplatform.developments.services import DEVELOPMENT_FIELDS
from cityplatform.developments.services.common import NOTE_MAX_LENGTH, features_normalize
from cityplatform.developments.services.enquiries import MESSAGE_MAX_LENGTH, NAME_MAX_LENGTH
from cityplatform.developments.validators import MAX_ROOMS, MAX_UNIT_PRICE_YUAN

# The hidden field people never see and bots fill in.
HONEYPOT_FIELD = "website"


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, per field where the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DevelopmentSearchForm(forms.Form):
    district = forms.ChoiceField(label=_("District or county"), required=False)
    status = forms.ChoiceField(
        label=_("Sale status"), required=False, choices=[("", "—"), *SaleStatus.choices]
    )
    min_price = forms.DecimalField(
        label=_("Min price (yuan/m²)"),
        required=False,
        min_value=0,
        max_value=MAX_UNIT_PRICE_YUAN,
        decimal_places=2,
    )
    max_price = forms.DecimalField(
        label=_("Max price (yuan/m²)"),
        required=False,
        min_value=0,
        max_value=MAX_UNIT_PRICE_YUAN,
        decimal_places=2,
    )
    bedrooms = forms.IntegerField(
        label=_("Bedrooms"), required=False, min_value=0, max_value=MAX_ROOMS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        district.choices = [("", "—"), *district_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The lowest price per m² cannot be above the highest."))
        return data

    def filters(self) -> DevelopmentFilters:
        data = self.cleaned_data
        return DevelopmentFilters(
            district=data.get("district") or "",
            status=data.get("status") or "",
            min_unit_price=data.get("min_price"),
            max_unit_price=data.get("max_price"),
            bedrooms=data.get("bedrooms"),
        )


class EnquiryForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A mobile or landline number our staff can call you on."),
    )
    unit_type = forms.ModelChoiceField(
        label=_("Unit type of interest"),
        queryset=UnitType.objects.none(),
        required=False,
        empty_label=_("Any"),
    )
    contact_time = forms.ChoiceField(
        label=_("Best time to call"), choices=ContactTime.choices, initial=ContactTime.ANY
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, development: Development, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_type = self.fields["unit_type"]
        assert isinstance(unit_type, forms.ModelChoiceField)
        unit_type.queryset = UnitType.objects.filter(development=development).order_by(
            "order", "area_m2", "id"
        )
        unit_type.error_messages["invalid_choice"] = _("Choose a unit type of this development.")

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))


class EnquiryTransitionForm(forms.Form):
    to_status = forms.ChoiceField(
        choices=[
            (EnquiryStatus.CONTACTED, EnquiryStatus.CONTACTED.label),
            (EnquiryStatus.CLOSED, EnquiryStatus.CLOSED.label),
        ]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EnquiryNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DevelopmentAdminForm(forms.ModelForm):
    features = forms.CharField(
        label=_("feature tags"),
        required=False,
        help_text=_("Separated by commas or spaces, e.g. 地铁沿线, 精装修, 学区房"),
    )

    class Meta:
        model = Development
        fields = DEVELOPMENT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance.features, list):
            self.initial["features"] = ", ".join(self.instance.features)

    def clean_features(self) -> list[Any]:
        return features_normalize(self.cleaned_data.get("features") or "")

    def clean_developer_credit_code(self) -> str:
        value = (self.cleaned_data.get("developer_credit_code") or "").strip()
        return normalize_credit_code(value) if value else ""
