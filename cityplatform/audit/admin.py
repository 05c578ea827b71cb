from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityplatform.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: auditors browse and filter; nobody adds, changes or deletes."""

    list_display = [
        "at",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "place_code",
        "ip_address",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_type", "object_id", "place_code", "ip_address"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
