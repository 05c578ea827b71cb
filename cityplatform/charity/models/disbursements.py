"""Disbursements (拨付): proposed by one staff member, approved by another."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.ledger.fields import ExactDecimalField, MoneyField
from cityplatform.ledger.models import Transaction
from cityplatform.places.models import Place

from .setup import Campaign, Designation, Fund, Organisation


class Disbursement(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", pgettext_lazy("disbursement status", "Approved")
        REJECTED = "rejected", _("Rejected")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="disbursements"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    recipient = models.CharField(_("recipient"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=200)
    # The directed purpose this serves, if any: only then may directed funds pay for it.
    designation = models.ForeignKey(
        Designation,
        verbose_name=_("designated purpose"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursements",
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("where"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    ledger_transaction = models.OneToOneField(
        Transaction,
        verbose_name=_("ledger transaction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set on the re-posted disbursement a correction put in place of a wrong one: its
    # lines are the corrected amounts, approved by the staff member who corrected.
    from_correction = models.OneToOneField(
        "charity.CorrectionNote",
        verbose_name=_("posted by correction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement",
    )

    place_field = "organisation__place"

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["campaign", "status", "decided_at"])]
        constraints = [
            # Maker–checker, also in the database: nobody decides on their own proposal.
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("proposed_by")),
                name="charity_disbursement_four_eyes",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="approved", ledger_transaction__isnull=False)
                    | (~models.Q(status="approved") & models.Q(ledger_transaction__isnull=True))
                ),
                name="charity_disbursement_posted_iff_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.recipient} · {self.purpose}"


class DisbursementLine(models.Model):
    """What one fund gives to a disbursement: an amount of money, or a quantity of goods
    (valued at approval, at the fund's average value per unit)."""

    disbursement = models.ForeignKey(
        Disbursement, verbose_name=_("disbursement"), on_delete=models.CASCADE, related_name="lines"
    )
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="disbursement_lines"
    )
    amount = MoneyField(_("amount (yuan)"), null=True, blank=True)
    quantity = ExactDecimalField(
        _("quantity"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    place_field = "fund__organisation__place"

    class Meta:
        verbose_name = _("disbursement line")
        verbose_name_plural = _("disbursement lines")
        ordering = ["disbursement", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["disbursement", "fund"], name="charity_disbursementline_unique_fund"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                name="charity_disbursementline_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gt=0),
                name="charity_disbursementline_quantity_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.amount or self.quantity}"
