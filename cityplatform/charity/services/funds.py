"""What a fund still holds: money from its ledger accounts, goods quantities from the
records (the ledger holds money only). Callers that act on the answer lock first."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from cityplatform.charity.models import DisbursementLine, Donation, Fund
from cityplatform.charity.models.setup import FundKind
from cityplatform.ledger.selectors import balances
from cityplatform.ledger.services import accounts_lock

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Available:
    amount: Decimal  # money, or the valuation of the goods left
    quantity: Decimal | None  # goods only


def funds_lock(funds: Iterable[Fund]) -> None:
    """Lock the funds' ledger accounts (in account id order) until the transaction ends."""
    accounts_lock(a for f in funds for a in (f.income_account_id, f.expense_account_id))


def funds_available(funds: Iterable[Fund]) -> dict[int, Available]:
    funds = list(funds)
    totals = balances(a for f in funds for a in (f.income_account_id, f.expense_account_id))
    goods_ids = [f.pk for f in funds if f.kind == FundKind.GOODS]
    received: dict[int, Decimal] = {}
    used: dict[int, Decimal] = {}
    if goods_ids:
        received = dict(
            Donation.objects.filter(fund_id__in=goods_ids, correction__isnull=True)
            .values("fund_id")
            .annotate(q=Sum("quantity"))
            .values_list("fund_id", "q")
            .order_by()
        )
        used = dict(
            DisbursementLine.objects.filter(
                fund_id__in=goods_ids,
                disbursement__status="approved",
                disbursement__correction__isnull=True,
            )
            .values("fund_id")
            .annotate(q=Sum("quantity"))
            .values_list("fund_id", "q")
            .order_by()
        )
    result = {}
    for fund in funds:
        # Income is credit-normal (negative on the book), expense debit-normal.
        amount = -(totals[fund.income_account_id] + totals[fund.expense_account_id])
        quantity = None
        if fund.kind == FundKind.GOODS:
            quantity = (received.get(fund.pk) or ZERO) - (used.get(fund.pk) or ZERO)
        result[fund.pk] = Available(amount=amount, quantity=quantity)
    return result
