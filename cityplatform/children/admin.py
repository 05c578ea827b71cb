"""The registry in the admin: read-only, inside the user's jurisdiction, ID numbers masked,
every opened record audited. Changes go through the registry pages (and their history)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.audit.services import Action, audit_record
from cityplatform.children.models import CareArrangement, Child, Guardian, HotlineCall, Visit
from cityplatform.core.validators import mask_phone


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GuardianInline(ReadOnlyMixin, admin.TabularInline):
    model = Guardian
    extra = 0
    fields = readonly_fields = ("relation", "name", "masked_phone", "situation", "note")

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: Guardian) -> str:
        return mask_phone(obj.phone) if obj.phone else ""


class ArrangementInline(ReadOnlyMixin, admin.TabularInline):
    model = CareArrangement
    extra = 0
    fields = readonly_fields = ("kind", "carer", "responsible_person", "starts_on", "ends_on")


class VisitInline(ReadOnlyMixin, admin.TabularInline):
    model = Visit
    extra = 0
    fields = readonly_fields = (
        "visited_on",
        "visitor_name",
        "follow_up",
        "follow_up_by",
        "follow_up_done_on",
    )


class AuditedChangeViewMixin:
    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if obj is not None and self.has_view_permission(request, obj):  # type: ignore[attr-defined]
            audit_record(action=Action.VIEW, obj=obj, request=request, detail={"via": "admin"})
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]


@admin.register(Child)
class ChildAdmin(AuditedChangeViewMixin, ReadOnlyMixin, JurisdictionAdminMixin):
    list_display = [
        "id",
        "name",
        "id_number_masked",
        "village",
        "guardianship",
        "registered_on",
        "closed_on",
    ]
    list_filter = [
        "guardianship",
        "closed_reason",
        "is_left_behind",
        "is_in_difficulty",
        "is_scattered_orphan",
        "is_unsupported",
    ]
    # No search box: a name or number typed there would travel in the URL (and access logs).
    fields = readonly_fields = (
        "name",
        "sex",
        "birth_date",
        "id_number_masked",
        "village",
        "address",
        "is_left_behind",
        "is_in_difficulty",
        "is_scattered_orphan",
        "is_unsupported",
        "guardianship",
        "school",
        "health",
        "special_needs",
        "registered_on",
        "registered_by",
        "closed_on",
        "closed_reason",
        "closed_note",
    )
    inlines = [GuardianInline, ArrangementInline, VisitInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Child]:
        return super().get_queryset(request).defer("id_number").select_related("village")


@admin.register(HotlineCall)
class HotlineCallAdmin(AuditedChangeViewMixin, ReadOnlyMixin, JurisdictionAdminMixin):
    list_display = [
        "id",
        "received_at",
        "urgency",
        "place",
        "masked_phone",
        "first_response_at",
        "escalation",
    ]
    list_filter = ["urgency", "escalation"]
    date_hierarchy = "received_at"
    fields = readonly_fields = (
        "received_at",
        "caller_name",
        "masked_phone",
        "concern",
        "urgency",
        "place",
        "due_at",
        "first_response_at",
        "responded_by",
        "response_note",
        "escalation",
        "escalated_at",
    )

    @admin.display(description=_("caller's phone"))
    def masked_phone(self, obj: HotlineCall) -> str:
        return mask_phone(obj.caller_phone) if obj.caller_phone else ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[HotlineCall]:
        return super().get_queryset(request).select_related("place")
