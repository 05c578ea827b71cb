"""Viewing appointments (看房预约): a buyer, a listing, a staff member and a time.

No double-booking: a staff member, or a listing, has at most one active (scheduled or
done) viewing at any moment. The services check this under a lock on the listing; on
PostgreSQL two exclusion constraints (migration 0004, btree_gist over a tstzrange) also
hold it against parallel transactions that book the same staff member for two homes.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .listings import Listing


class ViewingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


# The viewings that occupy their staff member's and their listing's time: a
# cancelled viewing or a buyer who did not come frees the slot.
ACTIVE_VIEWING_STATUSES = (ViewingStatus.SCHEDULED, ViewingStatus.DONE)
# The names of the PostgreSQL exclusion constraints (see migration 0004).
STAFF_OVERLAP_CONSTRAINT = "housing_viewing_staff_no_overlap"
LISTING_OVERLAP_CONSTRAINT = "housing_viewing_listing_no_overlap"


class Viewing(models.Model):
    """A buyer views a listing with a staff member. The buyer's name and phone are
    private: lists show the phone masked; the admin page shows it in full and audits it."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.PROTECT, related_name="viewings"
    )
    buyer_name = models.CharField(_("buyer's name"), max_length=64)
    buyer_phone = models.CharField(_("buyer's phone"), max_length=20)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    # starts_at + the duration, stored so the overlap constraint can index the range.
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ViewingStatus.choices,
        default=ViewingStatus.SCHEDULED,
    )
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # A viewing belongs to the district of its listing (see accounts.jurisdiction).
    place_field = "listing__place"

    class Meta:
        verbose_name = _("viewing")
        verbose_name_plural = _("viewings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["staff", "starts_at"], name="housing_viewing_staff_time"),
            models.Index(fields=["listing", "starts_at"], name="housing_viewing_listing_time"),
            models.Index(fields=["starts_at"], name="housing_viewing_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="housing_viewing_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ViewingStatus.values), name="housing_viewing_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing_id} @ {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def duration_minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_VIEWING_STATUSES


class ViewingCall(models.Model):
    """A call a staff member owes a buyer whose viewing the platform cancelled because
    the home left the market (withdrawn, expired, sold). A viewing's buyer is only a
    name and a phone number with us (no demand, no message channel), so a person calls:
    the viewing's staff member finds the call on the console until it is recorded.
    Written by services.viewing_calls only, in the transaction that cancels the viewing.
    """

    viewing = models.OneToOneField(
        Viewing, verbose_name=_("viewing"), on_delete=models.PROTECT, related_name="call"
    )
    # Who calls: the staff member who was to accompany the buyer.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("why the viewing was cancelled"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("called by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    place_field = "viewing__listing__place"

    class Meta:
        verbose_name = _("call about a cancelled viewing")
        verbose_name_plural = _("calls about cancelled viewings")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["staff", "called_at"], name="housing_viewingcall_todo"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.viewing_id}"

    @property
    def is_open(self) -> bool:
        return self.called_at is None
