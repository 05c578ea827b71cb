"""Admin: charity administrators set up organisations, campaigns and designated
purposes inside their jurisdiction. Money records are read-only here: donations and
disbursements are made (and corrected) in the console, through the services
(maker–checker)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.charity.models import (
    Campaign,
    CorrectionNote,
    Designation,
    Disbursement,
    DisclosurePublication,
    Donation,
    Fund,
    Organisation,
)


@admin.register(Organisation)
class OrganisationAdmin(JurisdictionAdminMixin):
    list_display = ["name", "receipt_prefix", "place"]
    search_fields = ["name"]


class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 1
    fields = ["purpose", "recipient", "place"]
    raw_id_fields = ["place"]


@admin.register(Campaign)
class CampaignAdmin(JurisdictionAdminMixin):
    list_display = ["name", "start_date", "end_date", "is_emergency", "is_public", "place"]
    list_filter = ["is_emergency", "is_public"]
    search_fields = ["name"]
    filter_horizontal = ["organisations"]
    inlines = [DesignationInline]


class ReadOnlyJurisdictionAdmin(JurisdictionAdminMixin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Fund)
class FundAdmin(ReadOnlyJurisdictionAdmin):
    list_display = ["id", "campaign", "organisation", "kind", "designation", "item", "unit"]
    list_filter = ["kind"]


@admin.register(Donation)
class DonationAdmin(ReadOnlyJurisdictionAdmin):
    list_display = [
        "receipt_number",
        "received_on",
        "organisation",
        "kind",
        "amount",
        "designation",
    ]
    list_filter = ["kind", "campaign"]
    search_fields = ["receipt_number"]
    date_hierarchy = "received_on"
    # The donor's identifiers stay out of the admin lists.
    exclude = ["donor"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyJurisdictionAdmin):
    list_display = [
        "id",
        "campaign",
        "organisation",
        "recipient",
        "purpose",
        "status",
        "decided_at",
    ]
    list_filter = ["status", "campaign"]


@admin.register(DisclosurePublication)
class DisclosurePublicationAdmin(ReadOnlyJurisdictionAdmin):
    list_display = ["campaign", "kind", "published_at"]


@admin.register(CorrectionNote)
class CorrectionNoteAdmin(ReadOnlyJurisdictionAdmin):
    list_display = [
        "campaign",
        "created_at",
        "reason",
        "donation",
        "disbursement",
        "received_change",
        "disbursed_change",
    ]
