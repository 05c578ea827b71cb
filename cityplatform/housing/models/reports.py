"""A listing's history (`ListingEvent`) and the public's false-listing reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel

from .listings import Listing, ListingStatus


class ListingEvent(AppendOnlyModel):
    """One change of a listing: status, price, verification. Append-only.

    from_status == to_status for a change that keeps the status (a new price, a
    refresh); from_status is blank for the creation.
    """

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.PROTECT, related_name="events"
    )
    # None: the platform itself (imports, the expiry job, the demo).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    from_status = models.CharField(
        _("from status"), max_length=16, choices=ListingStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=16, choices=ListingStatus.choices)
    old_price_yuan = models.BigIntegerField(_("old price (yuan)"), null=True, blank=True)
    new_price_yuan = models.BigIntegerField(_("new price (yuan)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    place_field = "listing__place"

    class Meta:
        verbose_name = _("listing event")
        verbose_name_plural = _("listing events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"

    @property
    def price_changed(self) -> bool:
        return self.old_price_yuan != self.new_price_yuan


class FalseListingReport(models.Model):
    """Someone says a published listing is not true (wrong price, already sold, not
    for sale at all). Staff resolve it: upheld withdraws the listing."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.PROTECT, related_name="reports"
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=64, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    # None while open; True when the listing was found false (and withdrawn).
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "listing__place"

    class Meta:
        verbose_name = _("false listing report")
        verbose_name_plural = _("false listing reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True, upheld__isnull=True)
                | Q(status="resolved", resolved_at__isnull=False, upheld__isnull=False),
                name="housing_report_resolution_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.listing_id}"
