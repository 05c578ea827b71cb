"""Forms of the public pages and the staff import. Their checks are the services' and
selectors' own, so a form error reads like an API error."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.places.models import Place
from cityplatform.volunteers.models import Organization
from cityplatform.volunteers.selectors.stats import StatsFilter, stats_filter

# Larger spreadsheets are split by the bureau; this keeps one upload in one transaction.
IMPORT_MAX_BYTES = 5 * 1024 * 1024


class StatsFilterForm(forms.Form):
    date_from = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    town = forms.ChoiceField(label=_("Town"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        towns = Place.objects.filter(level=Place.Level.TOWN).order_by("code")
        town = self.fields["town"]
        assert isinstance(town, forms.ChoiceField)
        town.choices = [("", _("All towns")), *((t.code, t.name) for t in towns)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                data["selection"] = stats_filter(
                    date_from=data.get("date_from"),
                    date_to=data.get("date_to"),
                    town=data.get("town") or None,
                )
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    self.add_error({"to": "date_to"}.get(field, field), errors)
        return data

    @property
    def selection(self) -> StatsFilter:
        return self.cleaned_data["selection"]


class IdentityForm(forms.Form):
    """What a volunteer types to find their own service: all three must match."""

    name = forms.CharField(label=_("Full name"), max_length=32)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=32, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=40)


class ServiceRecordImportForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=pgettext_lazy("social organisation", "Organisation"),
        queryset=Organization.objects.none(),
    )
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("Columns: 身份证号, 活动编号, 服务时长 (and optionally 姓名)."),
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB; split it into smaller files."))
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
