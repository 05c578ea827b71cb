from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(JurisdictionAdminMixin, DjangoUserAdmin):
    """A local administrator manages the users inside their own jurisdiction only."""

    list_display = ["username", "display_name", "jurisdiction", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["username", "display_name"]
    raw_id_fields = ["jurisdiction"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Jurisdiction"), {"fields": ("display_name", "jurisdiction")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `cityplatform create_api_token`; here they are listed and revoked."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
