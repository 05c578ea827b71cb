"""Deals (成交): a buyer's way from an offer to the registered transfer of a home.

offer → contract → payment/loan → transfer registered → closed, or fallen through from
any open stage. Every step is an append-only `DealEvent` (who, when, note, the agreed
price then), written by the services (services.deals), which also move the listing:
under offer while a deal is open, back on the market when the last one falls
through, sold when one closes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel

from .listings import MAX_PRICE_YUAN, Listing


class DealStage(models.TextChoices):
    OFFER = "offer", _("Offer")
    CONTRACT = "contract", _("Contract signed")
    PAYMENT = "payment", _("Payment / loan")
    TRANSFER = "transfer", _("Transfer registered")
    CLOSED = "closed", _("Closed")
    FALLEN_THROUGH = "fallen_through", _("Fallen through")


D = DealStage
OPEN_DEAL_STAGES = (D.OFFER, D.CONTRACT, D.PAYMENT, D.TRANSFER)
# The one step forward from each open stage.
NEXT_DEAL_STAGE: dict[str, str] = {
    D.OFFER: D.CONTRACT,
    D.CONTRACT: D.PAYMENT,
    D.PAYMENT: D.TRANSFER,
    D.TRANSFER: D.CLOSED,
}
MONEY_MAX_DIGITS = 14
MONEY_DECIMAL_PLACES = 2


class Deal(models.Model):
    """One buyer's deal for one listing. A listing may have a backup offer beside the
    first; when one deal closes, the others fall through. The buyer's name and phone
    are private, like the owner's."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.PROTECT, related_name="deals"
    )
    buyer_name = models.CharField(_("buyer's name"), max_length=64)
    buyer_phone = models.CharField(_("buyer's phone"), max_length=20)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who looks after the deal."),
    )
    # Yuan with two decimals (the price in the contract, fees aside).
    agreed_price_yuan = models.DecimalField(
        _("agreed price (yuan)"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=DealStage.choices, default=DealStage.OFFER
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    # When it closed or fell through; None while open.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    place_field = "listing__place"

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["listing", "stage"], name="housing_deal_listing_stage"),
            models.Index(fields=["stage", "opened_at"], name="housing_deal_stage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreed_price_yuan__gt=0, agreed_price_yuan__lte=MAX_PRICE_YUAN),
                name="housing_deal_price_range",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=DealStage.values), name="housing_deal_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=OPEN_DEAL_STAGES, ended_at__isnull=True)
                | Q(stage__in=(D.CLOSED, D.FALLEN_THROUGH), ended_at__isnull=False),
                name="housing_deal_ended_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing}"

    def get_absolute_url(self) -> str:
        return reverse("housing:deal", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_DEAL_STAGES

    @property
    def next_stage(self) -> str | None:
        return NEXT_DEAL_STAGE.get(self.stage)


class DealEvent(AppendOnlyModel):
    """One step of a deal: its opening, each stage, its end. Append-only."""

    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Blank for the opening.
    from_stage = models.CharField(
        _("from stage"), max_length=16, choices=DealStage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=16, choices=DealStage.choices)
    agreed_price_yuan = models.DecimalField(
        _("agreed price (yuan)"),
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
    )
    note = models.TextField(_("note"), blank=True)

    place_field = "deal__listing__place"

    class Meta:
        verbose_name = _("deal event")
        verbose_name_plural = _("deal events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} → {self.to_stage}"
