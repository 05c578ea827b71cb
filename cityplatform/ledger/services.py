"""Writes to the ledger: open accounts, post transactions, reverse them.

Posting validates every leg before writing anything; a refused posting leaves no
trace. Callers that must keep a balance from going below zero lock the accounts first
(`accounts_lock`, inside their own `transaction.atomic()`), read the balance, decide,
then post in the same database transaction.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.ledger.models import Account, Entry, Transaction
from cityplatform.ledger.money import amount_parse


@dataclass(frozen=True)
class Leg:
    """One side of a posting: debit positive, credit negative."""

    account: Account
    amount: Decimal


@dataclass(frozen=True)
class Posting:
    """A transaction to post with `transactions_post_many`."""

    legs: Sequence[Leg]
    description: str
    value_date: date | None = None
    source: str = ""
    reference: str = ""


def owner_key(obj: models.Model) -> tuple[str, str]:
    """The (owner_type, owner_id) pair that ties an account to a record of any app."""
    return obj._meta.label_lower, str(obj.pk)


def account_open(
    *,
    code: str,
    name: str,
    kind: str,
    owner: models.Model | None = None,
) -> Account:
    """The account with this code, created if absent (idempotent).

    An existing account of another kind is refused: a code names one account forever.
    """
    if kind not in Account.Kind.values:
        raise DomainError("invalid_account_kind", _("Unknown account kind."), status=422)
    owner_type, owner_id = owner_key(owner) if owner is not None else ("", "")
    with transaction.atomic():
        account, _created = Account.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "owner_type": owner_type, "owner_id": owner_id},
        )
    if account.kind != kind:
        raise DomainError(
            "account_kind_mismatch",
            _("Account %(code)s exists with another kind.") % {"code": code},
            status=409,
        )
    return account


def accounts_lock(accounts: Iterable[Account | int]) -> list[Account]:
    """Lock the accounts' rows until the caller's transaction ends, in id order.

    Everyone locks in the same order, so two postings over the same accounts wait for
    each other instead of deadlocking. Must run inside `transaction.atomic()`.
    """
    ids = sorted({a.pk if isinstance(a, Account) else a for a in accounts})
    return list(Account.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _legs_check(legs: Sequence[Leg]) -> list[Leg]:
    if not legs:
        raise DomainError("empty_transaction", _("A transaction needs at least two legs."))
    checked = []
    for leg in legs:
        if leg.account.pk is None:
            raise DomainError("unknown_account", _("A leg's account does not exist."))
        amount = amount_parse(leg.amount)
        if amount == 0:
            raise DomainError(
                "zero_amount", _("A leg of zero moves nothing: leave it out."), status=422
            )
        checked.append(Leg(account=leg.account, amount=amount))
    if len(checked) < 2:
        raise DomainError("empty_transaction", _("A transaction needs at least two legs."))
    total = sum((leg.amount for leg in checked), Decimal("0.00"))
    if total != 0:
        raise DomainError(
            "unbalanced",
            _("The legs do not balance: debits and credits differ by %(diff)s.")
            % {"diff": f"{total:.2f}"},
            status=422,
        )
    return checked


def transaction_post(
    *,
    legs: Sequence[Leg],
    description: str,
    value_date: date | None = None,
    source: str = "",
    reference: str = "",
    posted_by: Any = None,
) -> Transaction:
    """Post one balanced transaction, or refuse it (DomainError) without writing."""
    return transactions_post_many(
        [Posting(legs, description, value_date, source, reference)], posted_by=posted_by
    )[0]


def transactions_post_many(
    postings: Sequence[Posting], *, posted_by: Any = None
) -> list[Transaction]:
    """Post many transactions in two bulk inserts (demo data, imports, benchmarks).

    All are checked first: one bad posting refuses the whole batch.
    """
    checked = [_legs_check(p.legs) for p in postings]
    now = timezone.now()
    user = posted_by if getattr(posted_by, "is_authenticated", False) else None
    rows = [
        Transaction(
            posted_at=now,
            value_date=p.value_date or timezone.localdate(now),
            description=p.description[:255],
            source=p.source,
            reference=str(p.reference),
            posted_by=user,
        )
        for p in postings
    ]
    with transaction.atomic():
        created = Transaction.objects.bulk_create(rows)
        Entry.objects.bulk_create(
            [
                Entry(transaction=txn, account=leg.account, amount=leg.amount)
                for txn, legs in zip(created, checked, strict=True)
                for leg in legs
            ]
        )
    return created


def transaction_reverse(
    *,
    txn: Transaction,
    reason: str,
    value_date: date | None = None,
    posted_by: Any = None,
) -> Transaction:
    """Post the mirror image of `txn` (every leg negated), linked to it.

    A transaction is reversed at most once (a second attempt is refused, 409), and a
    reversal is not itself reversed: post the original again instead.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", _("Say why the transaction is reversed."), status=422)
    with transaction.atomic():
        # Serialise two reversals of one transaction: the second waits here and then
        # finds the first one's reversal.
        original = Transaction.objects.select_for_update().get(pk=txn.pk)
        if original.reverses_id is not None:
            raise DomainError(
                "reversal_of_reversal",
                _("A reversal cannot be reversed; post the original again instead."),
                status=409,
            )
        if Transaction.objects.filter(reverses=original).exists():
            raise DomainError(
                "already_reversed", _("This transaction has already been reversed."), status=409
            )
        entries = list(original.entries.order_by("id"))
        user = posted_by if getattr(posted_by, "is_authenticated", False) else None
        try:
            with transaction.atomic():
                reversal = Transaction.objects.create(
                    value_date=value_date or timezone.localdate(),
                    description=f"{_('Reversal')} #{original.pk}: {reason}"[:255],
                    source=original.source,
                    reference=original.reference,
                    reverses=original,
                    posted_by=user,
                )
        except IntegrityError:
            raise DomainError(
                "already_reversed", _("This transaction has already been reversed."), status=409
            ) from None
        Entry.objects.bulk_create(
            [
                Entry(transaction=reversal, account_id=e.account_id, amount=-e.amount)
                for e in entries
            ]
        )
    return reversal
