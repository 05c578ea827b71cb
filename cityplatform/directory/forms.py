"""Forms for the public request form, the staff console and the admin.

Their clean methods call the same validators as the services, so a form error and
a service error read the same.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.core.validators import normalize_credit_code, normalize_phone
from cityplatform.directory.models import Provider, ServiceRequest
from cityplatform.directory.services import (
    NEED_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PROVIDER_FIELDS,
    hotlines_normalize,
)

# The hidden field people never see and bots fill in.
HONEYPOT_FIELD = "website"


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, per field where the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class ServiceRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("A mobile or landline number the provider can call you on."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    need = forms.CharField(
        label=_("What do you need?"),
        max_length=NEED_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(
        choices=[
            (ServiceRequest.Status.CONTACTED, ServiceRequest.Status.CONTACTED.label),
            (ServiceRequest.Status.DONE, ServiceRequest.Status.DONE.label),
        ]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProviderAdminForm(forms.ModelForm):
    hotlines = forms.CharField(
        label=_("service hotlines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line or separated by commas, e.g. 0731-22616110"),
    )

    class Meta:
        model = Provider
        fields = PROVIDER_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance.hotlines, list):
            self.initial["hotlines"] = "\n".join(self.instance.hotlines)

    def clean_hotlines(self) -> list[str]:
        return hotlines_normalize(self.cleaned_data.get("hotlines") or "")

    def clean_credit_code(self) -> str:
        value = (self.cleaned_data.get("credit_code") or "").strip()
        return normalize_credit_code(value) if value else ""
