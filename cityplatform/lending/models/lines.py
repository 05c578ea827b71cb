"""Credit lines: the revolving limit an approved application opens.

A line's outstanding principal is posted to its own loans-receivable account in the
ledger (and kept here, checked against the ledger by `verify_ledger`), so available =
limit − outstanding principal is read and changed under one row lock. Interest is
accrued per draw (see `draws`); the line sums its draws.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.ledger.models import Account
from cityplatform.lending.models.applications import INDEX_LENGTH, Application
from cityplatform.lending.models.fields import DailyRateField, MoneyField
from cityplatform.lending.models.products import Product
from cityplatform.places.models import Place

ZERO = Decimal("0.00")


class Line(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        FROZEN = "frozen", _("Frozen")
        CLOSED = "closed", pgettext_lazy("credit line", "Closed")

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lines"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="line"
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("borrower"),
        on_delete=models.PROTECT,
        related_name="credit_lines",
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    id_number_index = models.CharField(_("ID number index"), max_length=INDEX_LENGTH)
    grade = models.CharField(_("risk grade"), max_length=2)
    daily_rate = DailyRateField(_("daily rate"))
    penalty_rate = DailyRateField(_("penalty daily rate"))
    credit_limit = MoneyField(_("credit limit"))
    # Drawn and not repaid, including draws still being paid out.
    principal_outstanding = MoneyField(_("principal outstanding"), default=ZERO)
    # Overpaid money held for the customer (a liability of the bank).
    credit_balance = MoneyField(_("credit balance"), default=ZERO)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set when the line opens, in the same transaction (the code names the line's id).
    principal_account = models.OneToOneField(
        Account,
        verbose_name=_("loans receivable account"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    credit_account = models.OneToOneField(
        Account,
        verbose_name=_("credit balance account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "place"

    class Meta:
        verbose_name = _("credit line")
        verbose_name_plural = _("credit lines")
        ordering = ["-id"]
        constraints = [
            # The database, not only the service, keeps every line within its limit.
            models.CheckConstraint(
                condition=Q(principal_outstanding__gte=0)
                & Q(principal_outstanding__lte=F("credit_limit")),
                name="lending_line_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(credit_balance__gte=0), name="lending_line_credit_not_negative"
            ),
            models.UniqueConstraint(
                fields=["product", "id_number_index"],
                condition=~Q(status="closed"),
                name="lending_line_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.credit_limit}"

    @property
    def available(self) -> Decimal:
        return self.credit_limit - self.principal_outstanding
