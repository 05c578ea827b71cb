from django.contrib import admin

from cityplatform.portal.models import PlatformContact


@admin.register(PlatformContact)
class PlatformContactAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "hotlines", "is_active", "updated_at"]
