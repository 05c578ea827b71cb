"""The business date (营业日) and what the close of business writes.

The bank's business date is not the calendar: it advances only when the close of
business for the day has run, so a day's interest is accrued exactly once.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel
from cityplatform.lending.models.fields import MoneyField


class BusinessClock(models.Model):
    """One row: the current business date, and whether its close of business is running."""

    business_date = models.DateField(_("business date"))
    # While the close of business runs, draws and repayments wait (refused with 503).
    closing = models.BooleanField(_("close of business running"), default=False)

    class Meta:
        verbose_name = _("business clock")
        verbose_name_plural = _("business clock")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="lending_clock_single_row"),
        ]

    def __str__(self) -> str:
        return str(self.business_date)


class CloseOfBusiness(models.Model):
    """One business day's close: which steps are done, so an interrupted run resumes,
    and when it finished (the business date moved on in the same transaction)."""

    business_date = models.DateField(_("business date"), unique=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    steps_done = models.JSONField(_("steps done"), default=list)
    # Rows each step touched (draws accrued, instalments due, notices, statements).
    counts = models.JSONField(_("counts"), default=dict)
    attempts = models.PositiveSmallIntegerField(_("runs"), default=1)

    class Meta:
        verbose_name = _("close of business")
        verbose_name_plural = _("closes of business")
        ordering = ["-business_date"]

    def __str__(self) -> str:
        return str(self.business_date)

    @property
    def seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class Accrual(AppendOnlyModel):
    """One draw's interest and penalty interest for one business day: the sub-ledger
    behind each day's control posting (Dr interest receivable, Cr interest income).

    A million rows a night: the key is (business date, draw), so each night's rows go
    to the end of the one index; there is no foreign-key constraint in the database
    (draws are never deleted, and verify_ledger holds the accruals' sums to the ledger).
    """

    pk = models.CompositePrimaryKey("business_date", "draw")
    business_date = models.DateField(_("business date"))
    draw = models.ForeignKey(
        "lending.Draw",
        verbose_name=_("draw"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    interest = MoneyField(_("interest"))
    penalty = MoneyField(_("penalty interest"))

    class Meta:
        verbose_name = _("daily accrual")
        verbose_name_plural = _("daily accruals")
        constraints = [
            models.CheckConstraint(
                condition=Q(interest__gte=0) & Q(penalty__gte=0),
                name="lending_accrual_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.draw_id}"


class OverdueNotice(AppendOnlyModel):
    """Sent when a draw enters an overdue stage (1: 1–30 days past due, 2: 31–60,
    3: 61–90, 4: over 90). The words are rendered from the stage when shown."""

    draw = models.ForeignKey(
        "lending.Draw", verbose_name=_("draw"), on_delete=models.PROTECT, related_name="notices"
    )
    line = models.ForeignKey(
        "lending.Line", verbose_name=_("credit line"), on_delete=models.PROTECT, related_name="+"
    )
    business_date = models.DateField(_("business date"))
    stage = models.PositiveSmallIntegerField(_("overdue stage"))
    days_past_due = models.PositiveIntegerField(_("days past due"))
    amount_overdue = MoneyField(_("amount overdue"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "line__place"

    class Meta:
        verbose_name = _("overdue notice")
        verbose_name_plural = _("overdue notices")
        ordering = ["-business_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "stage", "business_date"], name="lending_notice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draw_id} stage {self.stage}"


class Statement(models.Model):
    """A line's monthly statement, made by the close of business of the month's last day."""

    line = models.ForeignKey(
        "lending.Line", verbose_name=_("credit line"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    opening_principal = MoneyField(_("principal at the start"))
    closing_principal = MoneyField(_("principal at the end"))
    drawn = MoneyField(_("drawn"))
    repaid = MoneyField(_("repaid"))
    interest_charged = MoneyField(_("interest charged"))
    penalty_charged = MoneyField(_("penalty interest charged"))
    # Charged since the line opened, so next month's figure is a difference.
    interest_charged_to_date = MoneyField(_("interest charged to date"))
    penalty_charged_to_date = MoneyField(_("penalty interest charged to date"))
    interest_outstanding = MoneyField(_("interest outstanding"))
    penalty_outstanding = MoneyField(_("penalty interest outstanding"))
    overdue = MoneyField(_("overdue"))
    credit_balance = MoneyField(_("credit balance"))
    created_at = models.DateTimeField(_("created at"))

    place_field = "line__place"

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "period_end"], name="lending_statement_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.period_end}"

    @property
    def owed(self) -> Decimal:
        return self.closing_principal + self.interest_outstanding + self.penalty_outstanding
