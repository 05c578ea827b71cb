"""The volunteer admin: the bureau's officer works on everything inside their
jurisdiction; an organisation's staff on their own organisation. Saves go through the
services."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone
from cityplatform.volunteers import services
from cityplatform.volunteers.admin_forms import (
    ActivityAdminForm,
    OrganizationAdminForm,
    ServiceRecordAdminForm,
    VolunteerAdminForm,
)
from cityplatform.volunteers.models import (
    Activity,
    ActivityOutput,
    Certificate,
    Membership,
    Organization,
    OrganizationStaff,
    ServiceRecord,
    Skill,
    Volunteer,
)
from cityplatform.volunteers.permissions import (
    is_bureau_admin,
    organizations_managed_by,
    staff_organization_ids,
)
from cityplatform.volunteers.selectors.people import (
    volunteer_find_by_id_number,
    volunteers_for_staff,
)


def _adopt(obj: Any, saved: Any) -> None:
    """The admin goes on with `obj` (inlines, messages): give it the saved row."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class ScopedAdmin(JurisdictionAdminMixin):
    """Rows inside the bureau officer's jurisdiction, or of the staff's organisations.

    `organization_path` leads from the model to its Organization ("" for Organization).
    """

    organization_path = "organization"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        if is_bureau_admin(request.user):
            return super().get_queryset(request)
        path = f"{self.organization_path}__pk__in" if self.organization_path else "pk__in"
        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs.filter(**{path: staff_organization_ids(request.user)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organization":
            kwargs["queryset"] = organizations_managed_by(request.user)
        if db_field.name == "activity":
            kwargs["queryset"] = Activity.objects.filter(
                organization__in=organizations_managed_by(request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OrganizationStaffInline(admin.TabularInline):
    model = OrganizationStaff
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    form = OrganizationAdminForm
    organization_path = ""
    list_display = ["name", "kind", "place", "credit_code", "contact_person"]
    list_filter = ["kind"]
    search_fields = ["name", "credit_code"]
    inlines = [OrganizationStaffInline]

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        values = {field: form.cleaned_data[field] for field in form.Meta.fields}
        if change:
            services.organization_update(organization=obj, actor=request.user, **values)
        else:
            _adopt(obj, services.organization_create(actor=request.user, **values))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for staff in formset.deleted_objects:
            staff.delete()
        for staff in instances:
            try:
                services.organization_staff_add(
                    organization=form.instance, user=staff.user, actor=request.user
                )
            except Exception as exc:  # ValidationError or PermissionDenied, shown alike
                messages.error(request, f"{staff.user}: {exc}")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organization", "joined_on"]
    readonly_fields = ["organization", "joined_on"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Volunteer)
class VolunteerAdmin(JurisdictionAdminMixin):
    """Never shows a full ID number; search by name, or by a whole ID number (found
    through its blind index)."""

    form = VolunteerAdminForm
    list_display = ["name", "id_number_masked", "masked_phone", "place", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["id_number_masked"]
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Volunteer]:
        return volunteers_for_staff(request.user)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        organizations = organizations_managed_by(request.user)

        class ScopedForm(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **inner: Any) -> None:
                super().__init__(*args, organizations=organizations, **inner)

        return ScopedForm

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["name", "id_number_input", "phone", "place", "skill_choices"]
        if obj is None:
            return [*fields, "organization", "joined_on"]
        return ["id_number_masked", *fields]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: Volunteer) -> str:
        return mask_phone(obj.phone)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Volunteer], search_term: str
    ) -> tuple[QuerySet[Volunteer], bool]:
        found = volunteer_find_by_id_number(search_term)
        if found is not None:
            return queryset.filter(pk=found.pk), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request: HttpRequest, obj: Volunteer, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.volunteer_update(
                volunteer=obj,
                name=data["name"],
                phone=data["phone"],
                place=data["place"],
                id_number=data.get("id_number_input", ""),
                skills=form.skill_names,
                actor=request.user,
            )
            return
        volunteer, _created = services.volunteer_enrol(
            organization=data["organization"],
            name=data["name"],
            phone=data["phone"],
            id_number=data["id_number_input"],
            place=data["place"],
            joined_on=data["joined_on"],
            skills=form.skill_names,
            actor=request.user,
        )
        _adopt(obj, volunteer)

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> Any:
        # Adding enrols in one organisation (on the form); memberships show once saved.
        return super().get_inline_instances(request, obj) if obj is not None else []


class ActivityOutputInline(admin.TabularInline):
    model = ActivityOutput
    extra = 1
    fields = ["kind", "quantity", "unit"]


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    form = ActivityAdminForm
    list_display = ["date", "title", "kind", "organization", "place", "person_times"]
    list_filter = ["kind", "date"]
    search_fields = ["title", "organization__name"]
    date_hierarchy = "date"
    inlines = [ActivityOutputInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Activity]:
        person_times = (
            ServiceRecord.objects.filter(activity=OuterRef("pk"))
            .values("activity")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("organization", "place")
            .annotate(person_times=Coalesce(Subquery(person_times, output_field=IntegerField()), 0))
        )

    @admin.display(description=_("person-times"))
    def person_times(self, obj: Activity) -> int:
        return int(getattr(obj, "person_times", 0))

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        values = {
            field: form.cleaned_data[field]
            for field in ("kind", "title", "place", "date", "description")
        }
        if change:
            services.activity_update(activity=obj, actor=request.user, **values)
        else:
            created = services.activity_create(
                organization=form.cleaned_data["organization"], actor=request.user, **values
            )
            _adopt(obj, created)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for output in formset.deleted_objects:
            services.activity_output_remove(output=output, actor=request.user)
        for output in instances:
            try:
                services.activity_output_set(
                    activity=form.instance,
                    kind=output.kind,
                    quantity=output.quantity,
                    unit=output.unit,
                    actor=request.user,
                )
            except Exception as exc:  # ValidationError or PermissionDenied, shown alike
                messages.error(request, f"{output.get_kind_display()}: {exc}")


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedAdmin):
    """Records are added (here or by the spreadsheet import) and, by the bureau, removed
    when entered in error; never edited."""

    form = ServiceRecordAdminForm
    organization_path = "activity__organization"
    list_display = ["activity", "volunteer_masked", "hours", "recorded_at", "recorded_by"]
    list_select_related = ["activity", "volunteer", "recorded_by"]
    raw_id_fields = ["volunteer"]
    search_fields = ["activity__title"]
    show_full_result_count = False

    @admin.display(description=_("volunteer"))
    def volunteer_masked(self, obj: ServiceRecord) -> str:
        return str(obj.volunteer)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ServiceRecord, form: Any, change: bool) -> None:
        data = form.cleaned_data
        record = services.service_record_add(
            volunteer=data["volunteer"],
            activity=data["activity"],
            hours=data["hours"],
            actor=request.user,
        )
        _adopt(obj, record)

    def delete_model(self, request: HttpRequest, obj: ServiceRecord) -> None:
        services.service_record_delete(record=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ServiceRecord]) -> None:
        for record in queryset.select_related("activity__organization"):
            try:
                services.service_record_delete(record=record, actor=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)


@admin.register(Certificate)
class CertificateAdmin(ScopedAdmin):
    list_display = ["number", "volunteer", "organization", "hours", "activity_count", "issued_at"]
    list_select_related = ["volunteer", "organization"]
    search_fields = ["number"]
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]
