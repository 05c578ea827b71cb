"""Forms of the daily-report pages. The services validate again; these give the page
its fields and Chinese messages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityplatform.reports.kinds import ReportKind
from cityplatform.reports.models import MAX_COUNT
from cityplatform.reports.services.filing import REASON_MAX_LENGTH


class ReportForm(forms.Form):
    """The kind's figures for a day, and the reason when it corrects an approved day."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the day is already approved."),
    )

    def __init__(self, *args: Any, kind: ReportKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for spec in kind.fields:
            self.fields[spec.name] = forms.IntegerField(
                label=str(spec.label),
                min_value=0,
                max_value=MAX_COUNT,
                initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            )
        # Figures first, then the day and the reason.
        self.order_fields([*kind.field_names, "day", "reason"])

    def figures(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in self.kind.field_names}


class DayForm(forms.Form):
    day = forms.DateField(label=_("Day"))
