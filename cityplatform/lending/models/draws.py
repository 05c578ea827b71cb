"""Draws on a line, their instalments, repayments, and the requests' idempotency keys.

A draw's balances (principal, overdue principal, interest, overdue interest, penalty)
are this bank's sub-ledger of each loan: every change to them is posted to the ledger
in the same database transaction (principal to the line's own account, interest and
penalty to control accounts whose balances equal the sums over all draws), and
`verify_ledger` checks the two agree.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.core.models import AppendOnlyModel
from cityplatform.ledger.models import Transaction
from cityplatform.lending.models.fields import DailyRateField, MoneyField
from cityplatform.lending.models.lines import Line
from cityplatform.lending.models.products import RepaymentMethod

ZERO = Decimal("0.00")


class Draw(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CHECKED = "checked", _("Checked")
        DISBURSING = "disbursing", _("Being paid out")
        DISBURSED = "disbursed", _("Paid out")
        FAILED = "failed", _("Payment failed, reversed")
        SETTLED = "settled", _("Repaid")

    line = models.ForeignKey(
        Line, verbose_name=_("credit line"), on_delete=models.PROTECT, related_name="draws"
    )
    amount = MoneyField(_("amount"))
    purpose = models.CharField(_("purpose"), max_length=100)
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    repayment_method = models.CharField(
        _("repayment method"), max_length=20, choices=RepaymentMethod.choices
    )
    daily_rate = DailyRateField(_("daily rate"))
    # 等额本息 only: the equal monthly total (see `rates`), fixed when paid out.
    instalment_amount = MoneyField(_("monthly instalment"), null=True, blank=True)
    penalty_rate = DailyRateField(_("penalty daily rate"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    business_date = models.DateField(_("requested on (business date)"))
    requested_at = models.DateTimeField(_("requested at"))
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    disbursing_at = models.DateTimeField(_("payment started at"), null=True, blank=True)
    disbursed_at = models.DateTimeField(_("paid out at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    # The value date interest counts from, and the last due date.
    disbursed_on = models.DateField(_("paid out on (business date)"), null=True, blank=True)
    maturity_date = models.DateField(_("maturity date"), null=True, blank=True)
    settled_on = models.DateField(_("repaid on"), null=True, blank=True)
    # The payment rail's idempotency reference: every retry sends the same one.
    transfer_id = models.CharField(_("transfer reference"), max_length=40, unique=True)
    attempts = models.PositiveSmallIntegerField(_("payment attempts"), default=0)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)

    principal_outstanding = MoneyField(_("principal outstanding"), default=ZERO)
    principal_overdue = MoneyField(_("principal overdue"), default=ZERO)
    interest_outstanding = MoneyField(_("interest outstanding"), default=ZERO)
    interest_overdue = MoneyField(_("interest overdue"), default=ZERO)
    penalty_outstanding = MoneyField(_("penalty interest outstanding"), default=ZERO)
    interest_accrued_total = MoneyField(_("interest charged so far"), default=ZERO)
    penalty_accrued_total = MoneyField(_("penalty interest charged so far"), default=ZERO)
    # The most recent day's accruals (the due step leaves that day's interest for the
    # next period; the close of business reads both back from its UPDATE).
    last_interest_accrual = MoneyField(_("last day's interest"), default=ZERO)
    last_penalty_accrual = MoneyField(_("last day's penalty interest"), default=ZERO)
    accrued_through = models.DateField(_("interest accrued through"), null=True, blank=True)
    # interest_accrued_total as it stood at the last instalment's due date (null: none
    # due yet): an equal instalment's interest part is what accrued since.
    interest_accrued_at_last_due = MoneyField(
        _("interest charged up to the last due date"), null=True, blank=True
    )
    # The due date of the oldest unpaid instalment; days past due count from it.
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    overdue_stage = models.PositiveSmallIntegerField(_("overdue stage"), default=0)

    posting_txn = models.OneToOneField(
        Transaction,
        verbose_name=_("posting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    settlement_txn = models.OneToOneField(
        Transaction,
        verbose_name=_("settlement posting"),
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
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status"], name="lending_draw_status"),
            # The overdue lists and the overdue step read draws with something past due.
            models.Index(
                fields=["overdue_since"],
                condition=Q(overdue_since__isnull=False),
                name="lending_draw_overdue",
            ),
            models.Index(fields=["maturity_date"], name="lending_draw_maturity"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="lending_draw_amount_positive"),
            models.CheckConstraint(
                condition=Q(principal_overdue__gte=0)
                & Q(principal_overdue__lte=F("principal_outstanding"))
                & Q(principal_outstanding__lte=F("amount")),
                name="lending_draw_principal_sane",
            ),
            models.CheckConstraint(
                condition=Q(interest_overdue__gte=0)
                & Q(interest_overdue__lte=F("interest_outstanding"))
                & Q(penalty_outstanding__gte=0),
                name="lending_draw_interest_sane",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1) & Q(term_months__lte=36),
                name="lending_draw_term_range",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.amount}"

    @property
    def owed(self) -> Decimal:
        return self.principal_outstanding + self.interest_outstanding + self.penalty_outstanding

    @property
    def seconds_to_disburse(self) -> float | None:
        if self.disbursed_at is None:
            return None
        return (self.disbursed_at - self.requested_at).total_seconds()


class Instalment(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("instalment", "Scheduled")
        SETTLED = "settled", _("Paid")
        OVERDUE = "overdue", pgettext_lazy("loan", "Overdue")

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="instalments"
    )
    seq = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"))
    principal = MoneyField(_("principal due"))
    # Principal due in total up to and including this instalment: repaid principal at or
    # above it means this instalment's principal is paid, whenever it was paid.
    principal_cumulative = MoneyField(_("principal due to date"))
    # The interest expected if every instalment is paid on its due date (the schedule
    # shown before the draw); what is charged is what accrues.
    interest_expected = MoneyField(_("interest expected"), null=True, blank=True)
    # Fixed when the instalment falls due: the interest accrued until then, unpaid.
    interest_due = MoneyField(_("interest due"), null=True, blank=True)
    interest_paid = MoneyField(_("interest paid"), default=ZERO)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    settled_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["draw", "seq"]
        indexes = [models.Index(fields=["due_date", "status"], name="lending_instalment_due")]
        constraints = [
            models.UniqueConstraint(fields=["draw", "seq"], name="lending_instalment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id}/{self.seq} {self.due_date}"


class Repayment(models.Model):
    line = models.ForeignKey(
        Line, verbose_name=_("credit line"), on_delete=models.PROTECT, related_name="repayments"
    )
    amount = MoneyField(_("amount"))
    penalty_paid = MoneyField(_("penalty interest paid"), default=ZERO)
    interest_paid = MoneyField(_("interest paid"), default=ZERO)
    principal_paid = MoneyField(_("principal paid"), default=ZERO)
    credit_added = MoneyField(_("added to credit balance"), default=ZERO)
    business_date = models.DateField(_("business date"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    txn = models.OneToOneField(
        Transaction, verbose_name=_("posting"), on_delete=models.PROTECT, related_name="+"
    )

    place_field = "line__place"

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0)
                & Q(
                    amount=F("penalty_paid")
                    + F("interest_paid")
                    + F("principal_paid")
                    + F("credit_added")
                ),
                name="lending_repayment_parts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.amount}"


class RepaymentAllocation(AppendOnlyModel):
    """What one repayment paid on one draw."""

    repayment = models.ForeignKey(
        Repayment,
        verbose_name=_("repayment"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="allocations"
    )
    penalty = MoneyField(_("penalty interest"), default=ZERO)
    interest = MoneyField(_("interest"), default=ZERO)
    principal = MoneyField(_("principal"), default=ZERO)

    class Meta:
        verbose_name = _("repayment allocation")
        verbose_name_plural = _("repayment allocations")

    def __str__(self) -> str:
        return f"{self.repayment_id} → {self.draw_id}"


class DisbursementAttempt(AppendOnlyModel):
    """One call to the payment rail for a draw, and how it ended."""

    class Outcome(models.TextChoices):
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        TIMED_OUT = "timed_out", _("Timed out")
        DECLINED = "declined", _("Declined")

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="payment_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    message = models.CharField(_("message"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["draw", "number", "id"]

    def __str__(self) -> str:
        return f"{self.draw_id} #{self.number} {self.outcome}"


class IdempotencyRecord(models.Model):
    """A draw, repayment or refund request's Idempotency-Key, scoped to its line, with a
    fingerprint of the request and the first answer given to it."""

    line = models.ForeignKey(
        Line, verbose_name=_("credit line"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=200)
    operation = models.CharField(_("operation"), max_length=20)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response = models.JSONField(pgettext_lazy("idempotency", "response"), null=True, blank=True)
    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.PROTECT, null=True, blank=True
    )
    repayment = models.ForeignKey(
        Repayment, verbose_name=_("repayment"), on_delete=models.PROTECT, null=True, blank=True
    )
    refund = models.ForeignKey(
        "lending.Refund",
        verbose_name=_("refund"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["line", "key"], name="lending_idempotency_per_line"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id}:{self.key}"


class SimulatedTransfer(models.Model):
    """The other side of the simulated payment rail (dev and tests): what the rail has
    paid, by transfer reference. A reference is paid at most once."""

    transfer_id = models.CharField(_("transfer reference"), max_length=40, unique=True)
    amount = MoneyField(_("amount"))
    payee = models.CharField(_("payee"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("simulated transfer")
        verbose_name_plural = _("simulated transfers")

    def __str__(self) -> str:
        return self.transfer_id
