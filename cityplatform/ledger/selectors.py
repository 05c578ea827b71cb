"""Reads of the ledger. Every balance is a SUM over entries; none is stored."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from cityplatform.ledger.models import Account, Entry, Transaction

ZERO = Decimal("0.00")


def _entries(as_of: date | None) -> QuerySet[Entry]:
    qs = Entry.objects.all()
    if as_of is not None:
        qs = qs.filter(transaction__value_date__lte=as_of)
    return qs


def balance(account: Account | int, *, as_of: date | None = None) -> Decimal:
    """Debits minus credits of the account (debit positive), optionally up to a value date."""
    account_id = account.pk if isinstance(account, Account) else account
    total = _entries(as_of).filter(account_id=account_id).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else ZERO


def balances(accounts: Iterable[Account | int], *, as_of: date | None = None) -> dict[int, Decimal]:
    """Balance of each account in one grouped query; accounts without entries give 0."""
    ids = {a.pk if isinstance(a, Account) else a for a in accounts}
    result = dict.fromkeys(ids, ZERO)
    rows = (
        _entries(as_of)
        .filter(account_id__in=ids)
        .values("account_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        result[row["account_id"]] = row["total"]
    return result


def normal_balance(account: Account, *, as_of: date | None = None) -> Decimal:
    """The balance in the account's own direction: credits positive for income,
    liabilities and equity; debits positive for assets and expenses."""
    value = balance(account, as_of=as_of)
    return value if account.is_debit_normal else -value


def transactions_for(*, source: str, reference: str | int) -> QuerySet[Transaction]:
    return Transaction.objects.filter(source=source, reference=str(reference)).order_by("id")


def is_reversed(txn: Transaction) -> bool:
    return Transaction.objects.filter(reverses=txn).exists()


def open_transactions() -> QuerySet[Transaction]:
    """Transactions that are neither reversals nor reversed."""
    return Transaction.objects.filter(Q(reverses__isnull=True) & Q(reversed_by__isnull=True))
