from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.validators import mask_phone
from cityplatform.directory.forms import ProviderAdminForm
from cityplatform.directory.models import (
    Provider,
    ProviderStaff,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestNote,
)
from cityplatform.directory.services import PROVIDER_FIELDS, provider_create, provider_update


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]


class ProviderStaffInline(admin.TabularInline):
    model = ProviderStaff
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Provider)
class ProviderAdmin(JurisdictionAdminMixin):
    """Providers inside the admin user's jurisdiction; saved through the services.

    "place" stays a select (no raw id box): the jurisdiction mixin limits its choices.
    """

    form = ProviderAdminForm
    list_display = ["name", "category", "ownership", "place", "response_hours", "is_published"]
    list_filter = ["is_published", "category", "ownership"]
    search_fields = ["name", "main_business", "credit_code"]
    inlines = [ProviderStaffInline]
    fieldsets = (
        (None, {"fields": ("name", "category", "ownership", "is_published")}),
        (
            _("Contact"),
            {"fields": ("main_business", "address", "place", "hotlines", "response_hours")},
        ),
        (_("Profile"), {"fields": ("highlights", "slogan", "credit_code", "description")}),
    )

    def save_model(self, request: HttpRequest, obj: Provider, form: Any, change: bool) -> None:
        values = {field: getattr(obj, field) for field in PROVIDER_FIELDS}
        if change:
            provider_update(provider=obj, **values)
            return
        created = provider_create(**values)
        # The admin goes on to save the inlines against `obj`: give it the new row.
        obj.pk = created.pk
        obj.created_at = created.created_at
        obj.updated_at = created.updated_at
        obj._state.adding = False
        obj._state.db = created._state.db


class ServiceRequestNoteInline(admin.TabularInline):
    model = ServiceRequestNote
    extra = 0
    fields = readonly_fields = ("created_at", "author", "from_status", "to_status", "text")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(JurisdictionAdminMixin):
    """Read-only. Only requests of providers inside the admin user's jurisdiction."""

    list_display = ["id", "provider", "name", "masked_phone", "status", "created_at", "due_at"]
    list_filter = ["status", "provider__category"]
    search_fields = ["provider__name"]
    date_hierarchy = "created_at"
    inlines = [ServiceRequestNoteInline]
    fields = readonly_fields = (
        "provider",
        "name",
        "phone",
        "address",
        "need",
        "status",
        "created_at",
        "due_at",
        "contacted_at",
        "done_at",
    )

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: ServiceRequest) -> str:
        return mask_phone(obj.phone)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceRequest]:
        return super().get_queryset(request).select_related("provider")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The page shows the resident's phone and address in full.
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            audit_record(
                action=Action.VIEW, obj=obj, place_code=obj.provider.place_id, request=request
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
