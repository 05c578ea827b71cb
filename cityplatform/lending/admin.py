"""Admin for lending's reference lists. The product, its rate tiers and the regulatory
caps are read-only here: they change through the console's product settings, whose
services check every change against the active caps and audit it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityplatform.lending.models import (
    Organisation,
    Product,
    ProhibitedPurpose,
    RateTier,
    RegulatoryCap,
    Segment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RateTierInline(admin.TabularInline):
    model = RateTier
    fields = readonly_fields = ("grade", "daily_rate", "min_score", "income_multiple", "max_limit")
    extra = 0
    can_delete = False


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "status", "credit_limit_max", "draw_min", "updated_at"]
    inlines = [RateTierInline]


@admin.register(RegulatoryCap)
class RegulatoryCapAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "value", "is_active", "changed_at"]


class OrganisationInline(admin.TabularInline):
    model = Organisation
    fields = ("name", "province_code", "is_active")
    extra = 1


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "verification", "score_points", "order"]
    inlines = [OrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "segment", "province_code", "is_active"]
    list_filter = ["segment", "is_active"]
    search_fields = ["name"]


@admin.register(ProhibitedPurpose)
class ProhibitedPurposeAdmin(admin.ModelAdmin):
    list_display = ["name", "keywords", "is_active"]
