"""Match notices: a listing fits an open demand.

One `MatchNotice` per (demand, listing), ever: the unique constraint is what makes "a
listing is never sent twice to the same buyer" hold, whatever re-publishing or
re-pricing happens later. The notice serves two readers:

- the demand's assigned staff member, who calls the buyer (`staff_state`: open →
  called or dismissed);
- the buyer, who is sent the listing in a `BuyerMessage`, at once or in the daily
  digest as they chose (`buyer_state`: pending → sent, or skipped when a digest was
  full or the listing left the market before the digest went out; a listing under
  offer keeps its notices pending until it is published again or leaves for good).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .demands import BuyerDemand, NoticePreference
from .listings import Listing


class BuyerMessage(models.Model):
    """A text to the buyer (SMS), naming one listing (instant) or several (digest).

    Rows are the outbox: `sent_at` stays empty until a gateway has delivered it. The
    body never names the owner; it gives the platform's hotline.
    """

    demand = models.ForeignKey(
        BuyerDemand, verbose_name=_("demand"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=NoticePreference.choices)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    place_field = "demand__place"

    class Meta:
        verbose_name = _("message to a buyer")
        verbose_name_plural = _("messages to buyers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="housing_message_outbox")]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.demand_id}"


class MatchNotice(models.Model):
    class StaffState(models.TextChoices):
        OPEN = "open", _("To call")
        CALLED = "called", _("Called")
        DISMISSED = "dismissed", _("Dismissed")

    class BuyerState(models.TextChoices):
        PENDING = "pending", _("Waiting for the digest")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")

    class Trigger(models.TextChoices):
        PUBLISHED = "published", _("Listing published")
        PRICE_CHANGED = "price_changed", _("Price changed")
        DETAILS_CHANGED = "details_changed", _("Details changed")

    demand = models.ForeignKey(
        BuyerDemand, verbose_name=_("demand"), on_delete=models.CASCADE, related_name="notices"
    )
    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    # [{"code": "within_budget"}, {"code": "feature", "value": "家电齐全"}, …]: rendered
    # in the reader's language by housing.matching.criteria.reason_text.
    reasons = models.JSONField(_("reasons"), default=list)
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    # The buyer's choice when the match was found.
    delivery = models.CharField(_("delivery"), max_length=8, choices=NoticePreference.choices)
    buyer_state = models.CharField(
        _("buyer"), max_length=8, choices=BuyerState.choices, default=BuyerState.PENDING
    )
    buyer_message = models.ForeignKey(
        BuyerMessage,
        verbose_name=_("message"),
        # RESTRICT, not SET_NULL: a sent notice always names its message (see the
        # constraint); deleting a demand removes both together.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="notices",
    )
    staff_state = models.CharField(
        _("staff"), max_length=12, choices=StaffState.choices, default=StaffState.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    staff_note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("found at"), default=timezone.now)

    place_field = "demand__place"

    class Meta:
        verbose_name = _("match notice")
        verbose_name_plural = _("match notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["demand", "buyer_state"], name="housing_notice_buyer"),
            models.Index(fields=["staff_state", "created_at"], name="housing_notice_staff"),
            models.Index(fields=["listing"], name="housing_notice_listing"),
        ]
        constraints = [
            # A listing is never sent twice to the same buyer.
            models.UniqueConstraint(fields=["demand", "listing"], name="housing_notice_once"),
            models.CheckConstraint(condition=Q(score__lte=100), name="housing_notice_score_range"),
            models.CheckConstraint(
                condition=Q(buyer_state="sent", buyer_message__isnull=False)
                | ~Q(buyer_state="sent"),
                name="housing_notice_sent_has_message",
            ),
            models.CheckConstraint(
                condition=Q(staff_state="open", handled_at__isnull=True)
                | (~Q(staff_state="open") & Q(handled_at__isnull=False)),
                name="housing_notice_handled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.demand_id} ← {self.listing_id}"
