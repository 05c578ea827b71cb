"""Refunds of a line's credit balance: money the customer overpaid, paid back to them.

A refund is paid out through the payment rail as a draw is: requested → paying (the
credit balance already lowered and posted to refunds in transit, in one transaction),
then paid, or failed with its posting reversed and the balance given back.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.ledger.models import Transaction
from cityplatform.lending.models.fields import MoneyField
from cityplatform.lending.models.lines import Line


class Refund(models.Model):
    class Status(models.TextChoices):
        PAYING = "paying", pgettext_lazy("refund status", "Being paid out")
        PAID = "paid", _("Refunded")
        FAILED = "failed", _("Payment failed, balance restored")

    line = models.ForeignKey(
        Line, verbose_name=_("credit line"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount = MoneyField(_("amount"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    business_date = models.DateField(_("requested on (business date)"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The payment rail's idempotency reference: every retry sends the same one.
    transfer_id = models.CharField(_("transfer reference"), max_length=40, unique=True)
    attempts = models.PositiveSmallIntegerField(_("payment attempts"), default=0)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    # Credit balance → refunds in transit; in transit → settlement once paid; the
    # first one's reversal if the rail never paid.
    posting_txn = models.OneToOneField(
        Transaction,
        verbose_name=_("posting"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    settlement_txn = models.OneToOneField(
        Transaction,
        verbose_name=_("payment posting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reversal_txn = models.OneToOneField(
        Transaction,
        verbose_name=pgettext_lazy("ledger", "reversal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    place_field = "line__place"

    class Meta:
        verbose_name = _("credit balance refund")
        verbose_name_plural = _("credit balance refunds")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="lending_refund_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.amount}"
