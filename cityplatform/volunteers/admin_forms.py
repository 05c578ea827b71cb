"""Admin forms. Their clean() runs the services' own checks without writing, so a
problem shows on the form; the admin's save then calls the service."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.core.errors import DomainError
from cityplatform.volunteers.models import (
    Activity,
    Organization,
    ServiceRecord,
    Skill,
    Volunteer,
)
from cityplatform.volunteers.services.activities import (
    ACTIVITY_FIELDS,
    activity_clean,
    activity_date_problem,
)
from cityplatform.volunteers.services.common import Errors
from cityplatform.volunteers.services.organizations import (
    ORGANIZATION_FIELDS,
    organization_clean,
)
from cityplatform.volunteers.services.people import volunteer_enrol_check
from cityplatform.volunteers.services.records import service_record_check


def apply_errors(form: forms.BaseForm, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS

    def _post_clean(self) -> None:
        # The service's checks replace the model's own (unique fields included).
        data = self.cleaned_data
        if self.errors:
            return
        try:
            data.update(organization_clean(data, exclude_pk=self.instance.pk))
        except ValidationError as exc:
            apply_errors(self, exc)
            return
        for field, value in data.items():
            setattr(self.instance, field, value)


class VolunteerAdminForm(forms.ModelForm):
    """Adding enrols the person in an organisation; the ID number is never shown, only
    replaced."""

    id_number_input = forms.CharField(
        label=_("resident ID number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("18 characters. When changing a volunteer, leave empty to keep the number."),
    )
    organization = forms.ModelChoiceField(
        label=_("social organisation"), queryset=Organization.objects.none(), required=False
    )
    joined_on = forms.DateField(label=_("joined on"), required=False)
    skill_choices = forms.ModelMultipleChoiceField(
        label=_("skills"), queryset=Skill.objects.all(), required=False
    )

    class Meta:
        model = Volunteer
        fields = ["name", "phone", "place"]

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations if organizations is not None else Organization.objects.none()
        if self.instance.pk:
            del self.fields["organization"]
            del self.fields["joined_on"]
            self.initial["skill_choices"] = list(self.instance.skills.all())
        else:
            field.required = True
            self.fields["joined_on"].required = True
            self.fields["id_number_input"].required = True
            self.fields["id_number_input"].help_text = _("18 characters.")

    def _post_clean(self) -> None:
        data = self.cleaned_data
        if self.errors or self.instance.pk:
            return
        try:
            volunteer_enrol_check(
                organization=data["organization"],
                name=data.get("name", ""),
                phone=data.get("phone", ""),
                id_number=data.get("id_number_input", ""),
                place=data.get("place"),
                joined_on=data.get("joined_on"),
            )
        except (ValidationError, DomainError) as exc:
            apply_errors(self, _rename_id_field(exc))

    @property
    def skill_names(self) -> list[str]:
        return [skill.name for skill in self.cleaned_data.get("skill_choices") or []]


def _rename_id_field(exc: ValidationError | DomainError) -> ValidationError | DomainError:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        errors = dict(exc.error_dict)
        if "id_number" in errors:
            errors["id_number_input"] = errors.pop("id_number")
        return ValidationError(errors)
    return exc


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["organization", *ACTIVITY_FIELDS]

    def _post_clean(self) -> None:
        if self.errors:
            return
        errors: Errors = {}
        data = activity_clean(errors, self.cleaned_data)
        if errors:
            apply_errors(self, ValidationError(errors))
            return
        if self.instance.pk:
            problem = activity_date_problem(self.instance, data["date"])
            if problem is not None:
                apply_errors(self, problem)


class ServiceRecordAdminForm(forms.ModelForm):
    class Meta:
        model = ServiceRecord
        fields = ["activity", "volunteer", "hours"]

    def _post_clean(self) -> None:
        data = self.cleaned_data
        if self.errors:
            return
        try:
            service_record_check(
                volunteer=data["volunteer"], activity=data["activity"], hours=data["hours"]
            )
        except (ValidationError, DomainError) as exc:
            apply_errors(self, exc)
