"""The double-entry book: accounts, transactions and their entries (legs).

A transaction's entries sum to zero (debits positive, credits negative). Posted
transactions and entries are never changed or deleted: the model refuses it
(`AppendOnlyModel`), and on PostgreSQL triggers refuse it in the database and check
at commit that each transaction balances. A correction is a reversing transaction
(`reverses`), and one transaction is reversed at most once (one-to-one).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel
from cityplatform.ledger.fields import MoneyField

# Money: two decimal places, up to 999,999,999,999.99 (as everywhere on the platform).
AMOUNT_DIGITS = 14
AMOUNT_PLACES = 2


class Account(models.Model):
    class Kind(models.TextChoices):
        ASSET = "asset", _("Asset")
        LIABILITY = "liability", _("Liability")
        EQUITY = "equity", _("Equity")
        INCOME = "income", _("Income")
        EXPENSE = "expense", _("Expense")

    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # The record this account belongs to, in any app ("charity.fund", "42"); blank for
    # accounts of the book itself. A string pair, so the ledger depends on no app.
    owner_type = models.CharField(_("owner type"), max_length=100, blank=True)
    owner_id = models.CharField(_("owner id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["code"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_debit_normal(self) -> bool:
        """Assets and expenses grow with debits; the others with credits."""
        return self.kind in (self.Kind.ASSET, self.Kind.EXPENSE)


class Transaction(AppendOnlyModel):
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    value_date = models.DateField(_("value date"))
    description = models.CharField(_("description"), max_length=255)
    # Which app and record posted it ("charity.donation", "17"); reversals keep the
    # original's, so figures grouped by source net out corrections.
    source = models.CharField(_("source"), max_length=64, blank=True)
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["posted_at", "id"]
        indexes = [models.Index(fields=["source", "reference"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.value_date} {self.description}"


class Entry(AppendOnlyModel):
    transaction = models.ForeignKey(
        Transaction,
        verbose_name=_("transaction"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="entries",
        # Covered by the (account, amount) index below.
        db_index=False,
    )
    # Debit positive, credit negative.
    amount = MoneyField(_("amount"), max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_PLACES)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["transaction_id", "id"]
        indexes = [
            # A balance is SUM(amount) for one account: an index-only scan on PostgreSQL.
            models.Index(fields=["account", "amount"], name="ledger_entry_account_amount"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount=0), name="ledger_entry_amount_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount}"
