"""What was told to the public: dated publications and correction notes, both append-only."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.core.models import AppendOnlyModel
from cityplatform.ledger.fields import MoneyField
from cityplatform.ledger.models import Transaction

from .disbursements import Disbursement
from .donations import Donation
from .setup import Campaign


class DisclosurePublication(AppendOnlyModel):
    """A disclosure (公示) as published: the figures frozen at that moment.

    Interim ones are due at least every three months while a campaign runs; the final
    one within three months of its end, including what is left over.
    """

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim disclosure")
        FINAL = "final", _("Final disclosure")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The summary as the public saw it (decimal strings), never recomputed.
    figures = models.JSONField(_("figures"))

    place_field = "campaign__place"

    class Meta:
        verbose_name = _("disclosure publication")
        verbose_name_plural = _("disclosure publications")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"],
                condition=models.Q(kind="final"),
                name="charity_publication_one_final",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {timezone.localtime(self.published_at):%Y-%m-%d}"


class CorrectionNote(AppendOnlyModel):
    """A dated note beside the published figures saying what was corrected and why.

    A correction reverses the donation's (or disbursement's) ledger transaction; the
    figures move, and this note says so to everyone who saw the old ones. A corrected
    disbursement may be re-posted with the right amounts: that new disbursement points
    back here (`replacement`).
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="corrections"
    )
    created_at = models.DateTimeField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("who made a correction", "by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)
    donation = models.OneToOneField(
        Donation,
        verbose_name=_("donation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    disbursement = models.OneToOneField(
        Disbursement,
        verbose_name=_("disbursement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    # Signed change to the received total (a withdrawn donation: minus its amount).
    received_change = MoneyField(_("change to received"), default=Decimal("0.00"))
    # Signed change to the disbursed total (a withdrawn disbursement: minus its amount).
    disbursed_change = MoneyField(_("change to disbursed"), default=Decimal("0.00"))
    reversal = models.OneToOneField(
        Transaction, verbose_name=_("reversal"), on_delete=models.PROTECT, related_name="+"
    )

    place_field = "campaign__place"

    class Meta:
        verbose_name = _("correction note")
        verbose_name_plural = _("correction notes")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A note corrects exactly one record: a donation or a disbursement.
            models.CheckConstraint(
                condition=(
                    models.Q(donation__isnull=False, disbursement__isnull=True)
                    | models.Q(donation__isnull=True, disbursement__isnull=False)
                ),
                name="charity_correctionnote_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.created_at):%Y-%m-%d} {self.reason}"
