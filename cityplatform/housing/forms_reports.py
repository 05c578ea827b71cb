"""The public's false-listing report form (the service checks the values again)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.housing.forms_demands import HONEYPOT_FIELD
from cityplatform.housing.services.reports import REASON_MAX_LENGTH


class FalseListingReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this listing?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: already sold, a different price, not for sale at all."),
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=64)
    reporter_phone = forms.CharField(
        label=_("Your phone (optional)"),
        required=False,
        max_length=20,
        help_text=_("Only if you agree that our staff call you back about it."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {field: data[field] for field in ("reason", "reporter_name", "reporter_phone")}

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, errors in exc.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)
