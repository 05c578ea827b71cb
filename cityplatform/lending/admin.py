"""Admin for lending's reference lists. The product, its rate tiers and the regulatory
caps are read-only here: they change through the console's product settings, whose
services check every change against the active caps and audit it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.lending.models import (
    Application,
    CloseOfBusiness,
    Decision,
    Draw,
    Line,
    Organisation,
    Product,
    ProhibitedPurpose,
    RateTier,
    Refund,
    RegulatoryCap,
    Repayment,
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


class DecisionInline(admin.StackedInline):
    model = Decision
    fields = readonly_fields = (
        "kind",
        "outcome",
        "score",
        "grade",
        "daily_rate",
        "credit_limit",
        "reasons",
        "rules",
        "score_lines",
        "inputs",
        "decided_by",
        "note",
        "elapsed_ms",
        "created_at",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(JurisdictionAdminMixin, ReadOnlyAdmin):
    list_display = ["id", "product", "status", "segment", "place", "business_date", "submitted_at"]
    list_filter = ["status", "segment"]
    # Never the ID number or evidence: the admin shows what a decision needs, masked.
    exclude = ["id_number", "segment_evidence", "id_number_index"]
    inlines = [DecisionInline]


@admin.register(Line)
class LineAdmin(JurisdictionAdminMixin, ReadOnlyAdmin):
    list_display = [
        "id",
        "product",
        "borrower",
        "grade",
        "credit_limit",
        "principal_outstanding",
        "status",
        "opened_on",
    ]
    list_filter = ["status", "grade"]
    exclude = ["id_number_index"]


@admin.register(Draw)
class DrawAdmin(JurisdictionAdminMixin, ReadOnlyAdmin):
    list_display = [
        "id",
        "line",
        "amount",
        "status",
        "business_date",
        "disbursed_on",
        "principal_outstanding",
        "overdue_stage",
    ]
    list_filter = ["status", "overdue_stage", "repayment_method"]


@admin.register(Repayment)
class RepaymentAdmin(JurisdictionAdminMixin, ReadOnlyAdmin):
    list_display = ["id", "line", "amount", "penalty_paid", "interest_paid", "principal_paid"]


@admin.register(Refund)
class RefundAdmin(JurisdictionAdminMixin, ReadOnlyAdmin):
    list_display = ["id", "line", "amount", "status", "business_date", "attempts"]
    list_filter = ["status"]


@admin.register(CloseOfBusiness)
class CloseOfBusinessAdmin(ReadOnlyAdmin):
    list_display = ["business_date", "started_at", "finished_at", "attempts", "steps_done"]
