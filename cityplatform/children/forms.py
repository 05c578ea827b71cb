"""Forms of the registry pages. They parse and present; the services hold the rules, and
their ValidationErrors come back onto the form (`apply_service_errors`)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.children.access import may_take_fallback_guardianship
from cityplatform.children.models import (
    CareArrangement,
    Category,
    ClosedReason,
    CounsellingSession,
    Guardian,
    Guardianship,
    Sex,
    Urgency,
    Visit,
)
from cityplatform.children.selectors import QUERY_MAX_LENGTH, Status, places_for
from cityplatform.places.models import Place


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, per field where the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.level == Place.Level.VILLAGE and obj.parent is not None:
            return f"{obj.parent.name} · {obj.name}"
        return str(obj.name)


def _villages(user: Any) -> Any:
    return places_for(user, level=Place.Level.VILLAGE).select_related("parent")


class NoEchoInput(forms.TextInput):
    """A text box that does not put the typed value back into the page."""

    def format_value(self, value: Any) -> str | None:
        return None


class ChildForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=32)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        required=False,
        # Never written back into a page, not even after a form error.
        widget=NoEchoInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("18 characters; the birth date in it must match the birth date above."),
    )
    village = PlaceChoiceField(label=_("Village or community"), queryset=Place.objects.none())
    address = forms.CharField(label=_("Address in the village"), max_length=100, required=False)
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    guardianship = forms.ChoiceField(label=_("Guardianship"), choices=Guardianship.choices)
    school = forms.CharField(label=_("School"), max_length=100, required=False)
    health = forms.CharField(
        label=_("Health"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    special_needs = forms.CharField(
        label=_("Special needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = _villages(user)
        village_field = self.fields["village"]
        assert isinstance(village_field, forms.ModelChoiceField)
        village_field.queryset = villages
        if not self.is_bound and villages.count() == 1:
            self.initial.setdefault("village", villages.first())
        if editing:
            # The number on record is never put back into the page.
            self.fields["id_number"].help_text = _(
                "Leave empty to keep the number on record; type a new one to replace it."
            )


class GuardianForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=32)
    relation = forms.ChoiceField(label=_("Relation"), choices=Guardian.Relation.choices)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    situation = forms.ChoiceField(label=_("Situation"), choices=Guardian.Situation.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ArrangementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CareArrangement.Kind.choices)
    carer = forms.CharField(
        label=_("Carer"),
        max_length=100,
        required=False,
        help_text=_("Who looks after the child; for fallback guardianship, the centre."),
    )
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=32)
    responsible_phone = forms.CharField(
        label=_("Responsible person's phone"), max_length=32, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_take_fallback_guardianship(user):
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [
                c for c in CareArrangement.Kind.choices if c[0] != CareArrangement.Kind.FALLBACK
            ]


class EndArrangementForm(forms.Form):
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for ending"), max_length=200)


class CloseForm(forms.Form):
    closed_reason = forms.ChoiceField(label=_("Reason for leaving"), choices=ClosedReason.choices)
    closed_on = forms.DateField(label=_("Left the registry on"), widget=DateInput())
    closed_note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Required when the reason is 'Other'."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=200)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    visitor_name = forms.CharField(label=_("Visitor"), max_length=64)
    visitor_kind = forms.ChoiceField(label=_("Visitor's role"), choices=Visit.VisitorKind.choices)
    findings = forms.CharField(
        label=_("Findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(label=_("Follow-up needed"), max_length=200, required=False)
    follow_up_by = forms.DateField(label=_("Follow up by"), widget=DateInput(), required=False)


class CounsellingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    counsellor = forms.CharField(label=_("Counsellor"), max_length=100)
    mode = forms.ChoiceField(label=_("Mode"), choices=CounsellingSession.Mode.choices)
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssistanceForm(forms.Form):
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    given_by = forms.CharField(label=_("Given by"), max_length=100)
    cash_amount = forms.DecimalField(
        label=_("Cash (yuan)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    cash_purpose = forms.CharField(label=_("Cash purpose"), max_length=32, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AssistanceItemForm(forms.Form):
    item = forms.CharField(label=_("Item"), max_length=32, required=False)
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=100_000, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=8, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("item") and not data.get("quantity"):
            self.add_error("quantity", _("Enter a quantity from 1 to 100,000."))
        if data.get("quantity") and not data.get("item"):
            self.add_error("item", _("This field is required."))
        return data


AssistanceItemFormSet = forms.formset_factory(AssistanceItemForm, extra=4, max_num=20)


class SearchForm(forms.Form):
    """Name or exact ID number. Posted, never in a URL: no name or number ends up in
    an access log or the browser history."""

    q = forms.CharField(label=_("Name"), max_length=QUERY_MAX_LENGTH, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        required=False,
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
    )


class FilterForm(forms.Form):
    """Filters without personal data: safe in a URL."""

    place = PlaceChoiceField(label=_("Place"), queryset=Place.objects.none(), required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All")), *Category.choices], required=False
    )
    guardianship = forms.ChoiceField(
        label=_("Guardianship"), choices=[("", _("All")), *Guardianship.choices], required=False
    )
    alarm = forms.BooleanField(label=_("Open alarms only"), required=False)
    status = forms.ChoiceField(
        label=_("Records"),
        choices=[
            (Status.OPEN, _("In the registry")),
            (Status.CLOSED, _("Left the registry")),
            (Status.ALL, _("All records")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.fields["place"]
        assert isinstance(place, forms.ModelChoiceField)
        place.queryset = (
            places_for(user)
            .filter(level__in=[Place.Level.TOWN, Place.Level.VILLAGE])
            .select_related("parent")
        )


class HotlineCallForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now."),
    )
    caller_name = forms.CharField(label=_("Caller"), max_length=32, required=False)
    caller_phone = forms.CharField(label=_("Caller's phone"), max_length=32, required=False)
    concern = forms.CharField(
        label=_("Concern"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    place = PlaceChoiceField(
        label=_("Routed to"),
        queryset=Place.objects.none(),
        required=False,
        help_text=_("The village (or town) the call is about; empty when the child is given."),
    )
    child = forms.IntegerField(
        label=_("Child's record number"), min_value=1, max_value=2**62, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.fields["place"]
        assert isinstance(place, forms.ModelChoiceField)
        place.queryset = (
            places_for(user)
            .filter(level__in=[Place.Level.TOWN, Place.Level.VILLAGE])
            .select_related("parent")
        )


class RespondForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AuditLookupForm(forms.Form):
    child = forms.IntegerField(label=_("Child's record number"), min_value=1, max_value=2**62)


class SummaryForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=16, initial="欢欢")
