"""The developments admin: developments (with unit types, photos and their sale-status
history) and enquiries, inside the admin user's jurisdiction. Every save and status
change goes through the services; refused input answers 400 with the form's errors."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone
from cityplatform.developments import services
from cityplatform.developments.forms import DevelopmentAdminForm
from cityplatform.developments.models import (
    Development,
    DevelopmentPhoto,
    Enquiry,
    EnquiryEvent,
    EnquiryStatus,
    SaleStatus,
    SaleStatusEvent,
    UnitType,
)
from cityplatform.developments.services.common import NOTE_MAX_LENGTH
from cityplatform.places.models import Place


def _service_error_text(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def _run(request: HttpRequest, queryset: QuerySet[Any], action: Callable[[Any], Any]) -> None:
    """Apply a service to each selected row; report what failed and how many succeeded."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except (DomainError, PermissionDenied, ValidationError) as exc:
            messages.error(request, f"#{obj.pk}: {_service_error_text(exc)}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d record changed.", "%(count)d records changed.", done)
            % {"count": done},
        )


class ErrorsAre400Mixin(admin.ModelAdmin):
    """A change form sent back with errors answers 400, as the rest of the platform
    does for refused input (Django's admin answers 200)."""

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        response = super().render_change_form(request, context, *args, **kwargs)
        if request.method == "POST" and context.get("errors"):
            response.status_code = 400
        return response


class UnitTypeInline(admin.TabularInline):
    model = UnitType
    extra = 1
    fields = services.UNIT_TYPE_FIELDS


class DevelopmentPhotoInline(admin.TabularInline):
    model = DevelopmentPhoto
    extra = 1
    fields = ["image", "caption", "order"]


class SaleStatusEventInline(admin.TabularInline):
    model = SaleStatusEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "actor", "from_status", "to_status", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Development)
class DevelopmentAdmin(ErrorsAre400Mixin, JurisdictionAdminMixin):
    form = DevelopmentAdminForm
    list_display = [
        "name",
        "place",
        "status",
        "is_published",
        "promotion_starts_on",
        "promotion_ends_on",
        "min_unit_price",
        "max_unit_price",
    ]
    list_filter = ["status", "is_published", "place"]
    search_fields = ["name", "developer_name", "address"]
    readonly_fields = ["status", "created_at", "updated_at"]
    inlines = [UnitTypeInline, DevelopmentPhotoInline, SaleStatusEventInline]
    fieldsets = (
        (None, {"fields": ("name", "status", "is_published", "features")}),
        (_("Developer"), {"fields": ("developer_name", "developer_credit_code")}),
        (_("Location"), {"fields": ("place", "address")}),
        (
            _("Prices"),
            {
                "fields": (
                    ("min_unit_price", "max_unit_price"),
                    ("min_total_price", "max_total_price"),
                )
            },
        ),
        (_("Promotion"), {"fields": (("promotion_starts_on", "promotion_ends_on"),)}),
        (_("Description"), {"fields": ("description",)}),
        (None, {"fields": (("created_at", "updated_at"),)}),
    )
    actions = ["mark_on_sale", "mark_sold_out"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Development]:
        return super().get_queryset(request).select_related("place")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "place" and field is not None:
            field.queryset = field.queryset.filter(level=Place.Level.COUNTY)
        return field

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Unpublish instead: its enquiries and history stay.
        return False

    def save_model(self, request: HttpRequest, obj: Development, form: Any, change: bool) -> None:
        values = {field: form.cleaned_data.get(field) for field in services.DEVELOPMENT_FIELDS}
        if change:
            current = Development.objects.get(pk=obj.pk)
            changed = {f: v for f, v in values.items() if f in form.changed_data}
            saved = services.development_update(development=current, actor=request.user, **changed)
        else:
            saved = services.development_create(actor=request.user, **values)
        # The admin goes on to save the inlines against `obj`: give it the saved row.
        for field in Development._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Sets new/changed/deleted_objects (the change message reads them); writes nothing.
        formset.save(commit=False)
        if formset.model is SaleStatusEvent:
            return
        development = form.instance
        try:
            if formset.model is UnitType:
                self._save_unit_types(request, development, formset)
            elif formset.model is DevelopmentPhoto:
                self._save_photos(request, development, formset)
        except (DomainError, PermissionDenied, ValidationError) as exc:
            messages.error(request, _service_error_text(exc))

    def _save_unit_types(
        self, request: HttpRequest, development: Development, formset: Any
    ) -> None:
        for unit_type in formset.deleted_objects:
            services.unit_type_remove(unit_type=unit_type, actor=request.user)
        for unit_type, changed in formset.changed_objects:
            current = UnitType.objects.select_related("development").get(pk=unit_type.pk)
            services.unit_type_update(
                unit_type=current,
                actor=request.user,
                **{f: getattr(unit_type, f) for f in changed if f in services.UNIT_TYPE_FIELDS},
            )
        for unit_type in formset.new_objects:
            values = {f: getattr(unit_type, f) for f in services.UNIT_TYPE_FIELDS}
            services.unit_type_add(development=development, actor=request.user, **values)

    def _save_photos(self, request: HttpRequest, development: Development, formset: Any) -> None:
        for photo in formset.deleted_objects:
            services.photo_remove(photo=photo, actor=request.user)
        for photo, _changed in formset.changed_objects:
            current = DevelopmentPhoto.objects.select_related("development").get(pk=photo.pk)
            services.photo_update(
                photo=current, actor=request.user, caption=photo.caption, order=photo.order
            )
        for photo in formset.new_objects:
            services.photo_add(
                development=development,
                actor=request.user,
                image=photo.image.file,
                caption=photo.caption,
                order=photo.order,
            )

    def _status(self, request: HttpRequest, queryset: QuerySet[Development], to: str) -> None:
        _run(
            request,
            queryset,
            lambda d: services.development_change_status(
                development=d, actor=request.user, to_status=to
            ),
        )

    @admin.action(description=_("Mark on sale"), permissions=["change"])
    def mark_on_sale(self, request: HttpRequest, queryset: QuerySet[Development]) -> None:
        self._status(request, queryset, SaleStatus.ON_SALE)

    @admin.action(description=_("Mark sold out"), permissions=["change"])
    def mark_sold_out(self, request: HttpRequest, queryset: QuerySet[Development]) -> None:
        self._status(request, queryset, SaleStatus.SOLD_OUT)


class EnquiryEventInline(admin.TabularInline):
    model = EnquiryEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "actor", "from_status", "to_status", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EnquiryAdminForm(forms.ModelForm):
    """No field of the enquiry is editable; a handler records a status change and/or
    a note, which the services append to its history."""

    to_status = forms.ChoiceField(
        label=_("Mark as"),
        required=False,
        choices=[
            ("", "—"),
            (EnquiryStatus.CONTACTED, EnquiryStatus.CONTACTED.label),
            (EnquiryStatus.CLOSED, EnquiryStatus.CLOSED.label),
        ],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Enquiry
        fields: list[str] = []


@admin.register(Enquiry)
class EnquiryAdmin(ErrorsAre400Mixin, JurisdictionAdminMixin):
    """Enquiries of the admin user's jurisdiction; the list masks phones, opening one
    shows the full number and is audited."""

    form = EnquiryAdminForm
    list_display = [
        "id",
        "development",
        "unit_type",
        "name",
        "masked_phone",
        "contact_time",
        "status",
        "created_at",
    ]
    list_filter = ["status", "contact_time", "development"]
    search_fields = ["development__name", "name"]
    date_hierarchy = "created_at"
    inlines = [EnquiryEventInline]
    readonly_fields = (
        "development",
        "unit_type",
        "name",
        "phone",
        "contact_time",
        "message",
        "status",
        "created_at",
        "contacted_at",
        "closed_at",
    )
    fieldsets = (
        (None, {"fields": readonly_fields}),
        (_("Handle"), {"fields": ("to_status", "note")}),
    )
    actions = ["mark_contacted", "mark_closed"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: Enquiry) -> str:
        return mask_phone(obj.phone)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Enquiry]:
        return super().get_queryset(request).select_related("development", "unit_type")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The page shows the buyer's full phone number.
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            audit_record(action=Action.VIEW, obj=obj, request=request)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Enquiry, form: Any, change: bool) -> None:
        to_status = form.cleaned_data.get("to_status")
        note = form.cleaned_data.get("note") or ""
        try:
            if to_status:
                services.enquiry_transition(
                    enquiry=obj, actor=request.user, to_status=to_status, note=note
                )
            elif note:
                services.enquiry_add_note(enquiry=obj, actor=request.user, note=note)
        except (DomainError, PermissionDenied, ValidationError) as exc:
            messages.error(request, _service_error_text(exc))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _mark(self, request: HttpRequest, queryset: QuerySet[Enquiry], to: str) -> None:
        _run(
            request,
            queryset,
            lambda e: services.enquiry_transition(enquiry=e, actor=request.user, to_status=to),
        )

    @admin.action(description=_("Mark contacted"), permissions=["change"])
    def mark_contacted(self, request: HttpRequest, queryset: QuerySet[Enquiry]) -> None:
        self._mark(request, queryset, EnquiryStatus.CONTACTED)

    @admin.action(description=_("Mark closed"), permissions=["change"])
    def mark_closed(self, request: HttpRequest, queryset: QuerySet[Enquiry]) -> None:
        self._mark(request, queryset, EnquiryStatus.CLOSED)
