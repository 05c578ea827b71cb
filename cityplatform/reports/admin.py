"""Read-only admin of daily reports inside the admin user's jurisdiction: reports are
filed, corrected and approved on the pages and the API, through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.reports.models import ApprovalEvent, DailyReport, Reminder, ReportVersion, TownDay


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReportVersionInline(ReadOnlyMixin, admin.TabularInline):
    model = ReportVersion
    extra = 0
    fields = readonly_fields = (
        "version",
        "values",
        "flags",
        "filed_at",
        "filed_by",
        "on_behalf",
        "channel",
        "reason",
    )


@admin.register(DailyReport)
class DailyReportAdmin(ReadOnlyMixin, JurisdictionAdminMixin):
    list_display = ["day", "kind", "village", "is_zero", "version", "flagged", "approved_at"]
    list_filter = ["kind", "is_zero", "flagged", "on_behalf", "channel"]
    date_hierarchy = "day"
    search_fields = ["village__name", "village__code"]
    list_select_related = ["village"]
    inlines = [ReportVersionInline]


@admin.register(TownDay)
class TownDayAdmin(ReadOnlyMixin, JurisdictionAdminMixin):
    list_display = ["day", "kind", "town", "county_approved_at", "reopened_at"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    list_select_related = ["town"]


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(ReadOnlyMixin, JurisdictionAdminMixin):
    list_display = ["at", "kind", "town", "day", "action", "actor", "reason"]
    list_filter = ["kind", "action"]
    date_hierarchy = "day"
    list_select_related = ["town", "actor"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyMixin, JurisdictionAdminMixin):
    list_display = ["created_at", "kind", "village", "day", "stage"]
    list_filter = ["kind", "stage"]
    date_hierarchy = "day"
    list_select_related = ["village"]
