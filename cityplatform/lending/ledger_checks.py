"""Lending's invariants, run by `cityplatform verify_ledger` with the ledger's own.

- Every line's outstanding principal equals its loans-receivable account's balance,
  and lies between 0 and its limit (available = limit − principal ≥ 0); it is also the
  sum of its draws' outstanding principal.
- Every line's credit balance equals its credit-balance account's (credit) balance.
- The control accounts equal their sub-ledgers: interest and penalty receivable equal
  the draws' outstanding interest and penalty; interest and penalty income equal the
  daily accruals and the draws' charged-to-date totals; disbursements in transit equal
  the draws still being paid out, refunds in transit the refunds still being paid.
- Each draw and each repayment ties to its posted transaction: a paid-out (or repaid)
  draw's principal posting is not reversed, hits the line's account with the draw's
  amount, and has its settlement; a failed draw's posting is reversed by its reversal;
  a repayment's posting takes its amount into the settlement account; a refund's
  posting takes its amount out of its line's credit balance, stands while it is paying
  or paid (a paid one has its payment posted) and is reversed if it failed.

Every check is an SQL aggregate (no per-row Python), so it runs at a million lines.
"""

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, Sum

from cityplatform.ledger.checks import MAX_PROBLEMS_PER_CHECK
from cityplatform.ledger.fields import MoneyField
from cityplatform.ledger.models import Account, Entry
from cityplatform.lending.models import Accrual, Draw, Line, Refund, Repayment
from cityplatform.lending.services import accounts

ZERO = Decimal("0.00")
LIVE = (Draw.Status.DISBURSED, Draw.Status.SETTLED)


def _money(value: object) -> Decimal:
    field = MoneyField()
    return Decimal(field.from_db_value(value, None, connection) or 0).quantize(Decimal("0.01"))


def _rows(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {MAX_PROBLEMS_PER_CHECK}", params or [])
        return list(cursor.fetchall())


def line_principal_matches_ledger() -> Iterator[str]:
    for pk, stored, booked in _rows(
        """
        SELECT l.id, l.principal_outstanding, COALESCE(SUM(e.amount), 0)
        FROM lending_line l LEFT JOIN ledger_entry e ON e.account_id = l.principal_account_id
        GROUP BY l.id, l.principal_outstanding
        HAVING l.principal_outstanding <> COALESCE(SUM(e.amount), 0)
        ORDER BY l.id
        """
    ):
        yield (
            f"line #{pk}: principal outstanding {_money(stored):.2f} but its loans-receivable "
            f"account holds {_money(booked):.2f}"
        )
    for pk in Line.objects.filter(principal_account__isnull=True).values_list("pk", flat=True)[
        :MAX_PROBLEMS_PER_CHECK
    ]:
        yield f"line #{pk} has no loans-receivable account"


def line_within_limit() -> Iterator[str]:
    bad = Line.objects.filter(
        Q(principal_outstanding__lt=0) | Q(principal_outstanding__gt=F("credit_limit"))
    ).values_list("pk", "principal_outstanding", "credit_limit")
    for pk, principal, limit in bad[:MAX_PROBLEMS_PER_CHECK]:
        yield f"line #{pk}: available {limit - principal:.2f} (limit {limit:.2f}) is below zero"


def line_principal_equals_draws() -> Iterator[str]:
    for pk, stored, drawn in _rows(
        """
        SELECT l.id, l.principal_outstanding, COALESCE(SUM(d.principal_outstanding), 0)
        FROM lending_line l
        LEFT JOIN lending_draw d ON d.line_id = l.id AND d.status IN ('disbursing', 'disbursed')
        GROUP BY l.id, l.principal_outstanding
        HAVING l.principal_outstanding <> COALESCE(SUM(d.principal_outstanding), 0)
        ORDER BY l.id
        """
    ):
        yield (
            f"line #{pk}: principal outstanding {_money(stored):.2f} but its draws owe "
            f"{_money(drawn):.2f}"
        )


def line_credit_matches_ledger() -> Iterator[str]:
    for pk, stored, booked in _rows(
        """
        SELECT l.id, l.credit_balance, COALESCE(-SUM(e.amount), 0)
        FROM lending_line l LEFT JOIN ledger_entry e ON e.account_id = l.credit_account_id
        GROUP BY l.id, l.credit_balance
        HAVING l.credit_balance <> COALESCE(-SUM(e.amount), 0)
        ORDER BY l.id
        """
    ):
        yield (
            f"line #{pk}: credit balance {_money(stored):.2f} but its account holds "
            f"{_money(booked):.2f}"
        )


def _balance(code: str) -> Decimal:
    total = Entry.objects.filter(account__code=code).aggregate(t=Sum("amount"))["t"]
    return total if total is not None else ZERO


def control_accounts_equal_subledger() -> Iterator[str]:
    draws = Draw.objects.aggregate(
        interest=Sum("interest_outstanding"),
        penalty=Sum("penalty_outstanding"),
        interest_total=Sum("interest_accrued_total"),
        penalty_total=Sum("penalty_accrued_total"),
    )
    in_transit = Draw.objects.filter(status=Draw.Status.DISBURSING).aggregate(t=Sum("amount"))["t"]
    refunding = Refund.objects.filter(status=Refund.Status.PAYING).aggregate(t=Sum("amount"))["t"]
    accrued = Accrual.objects.aggregate(interest=Sum("interest"), penalty=Sum("penalty"))
    pairs = [
        (accounts.INTEREST_RECEIVABLE, _balance(accounts.INTEREST_RECEIVABLE), draws["interest"], "the draws' outstanding interest"),
        (accounts.PENALTY_RECEIVABLE, _balance(accounts.PENALTY_RECEIVABLE), draws["penalty"], "the draws' outstanding penalty interest"),
        (accounts.INTEREST_INCOME, -_balance(accounts.INTEREST_INCOME), accrued["interest"], "the daily interest accruals"),
        (accounts.INTEREST_INCOME, -_balance(accounts.INTEREST_INCOME), draws["interest_total"], "the draws' interest charged"),
        (accounts.PENALTY_INCOME, -_balance(accounts.PENALTY_INCOME), accrued["penalty"], "the daily penalty accruals"),
        (accounts.PENALTY_INCOME, -_balance(accounts.PENALTY_INCOME), draws["penalty_total"], "the draws' penalty interest charged"),
        (accounts.IN_TRANSIT, -_balance(accounts.IN_TRANSIT), in_transit, "the draws being paid out"),
        (accounts.REFUNDS_IN_TRANSIT, -_balance(accounts.REFUNDS_IN_TRANSIT), refunding, "the refunds being paid"),
    ]  # fmt: skip
    for code, booked, expected, what in pairs:
        expected = expected if expected is not None else ZERO
        if booked != expected:
            yield f"{code} holds {booked:.2f} but {what} come to {expected:.2f}"


def draws_tie_to_postings() -> Iterator[str]:
    untied = (
        Draw.objects.filter(status__in=[*LIVE, Draw.Status.DISBURSING])
        .filter(Q(posting_txn__isnull=True) | Q(posting_txn__reversed_by__isnull=False))
        .values_list("pk", flat=True)
    )
    for pk in untied[:MAX_PROBLEMS_PER_CHECK]:
        yield f"draw #{pk} has no standing principal posting"
    unsettled = Draw.objects.filter(status__in=LIVE, settlement_txn__isnull=True)
    for pk in unsettled.values_list("pk", flat=True)[:MAX_PROBLEMS_PER_CHECK]:
        yield f"draw #{pk} is paid out but its payment is not posted"
    not_reversed = Draw.objects.filter(status=Draw.Status.FAILED).exclude(
        reversal_txn__reverses_id=F("posting_txn_id")
    )
    for pk in not_reversed.values_list("pk", flat=True)[:MAX_PROBLEMS_PER_CHECK]:
        yield f"draw #{pk} failed but its principal posting is not reversed"
    for draw_pk, amount, booked in _rows(
        """
        SELECT d.id, d.amount, COALESCE(SUM(e.amount), 0)
        FROM lending_draw d
        JOIN lending_line l ON l.id = d.line_id
        LEFT JOIN ledger_entry e
            ON e.transaction_id = d.posting_txn_id AND e.account_id = l.principal_account_id
        WHERE d.status IN ('disbursing', 'disbursed', 'settled')
        GROUP BY d.id, d.amount
        HAVING d.amount <> COALESCE(SUM(e.amount), 0)
        ORDER BY d.id
        """
    ):
        yield (
            f"draw #{draw_pk} of {_money(amount):.2f} is posted to its line's account as "
            f"{_money(booked):.2f}"
        )


def repayments_tie_to_postings() -> Iterator[str]:
    settlement = Account.objects.filter(code=accounts.SETTLEMENT).first()
    if settlement is None:
        if Repayment.objects.exists():
            yield "repayments exist but the settlement account does not"
        return
    for pk, amount, booked in _rows(
        """
        SELECT r.id, r.amount, COALESCE(SUM(e.amount), 0)
        FROM lending_repayment r
        LEFT JOIN ledger_entry e ON e.transaction_id = r.txn_id AND e.account_id = %s
        GROUP BY r.id, r.amount
        HAVING r.amount <> COALESCE(SUM(e.amount), 0)
        ORDER BY r.id
        """,
        [settlement.pk],
    ):
        yield (
            f"repayment #{pk} of {_money(amount):.2f} brought {_money(booked):.2f} into "
            "the settlement account"
        )
    shared = Repayment.objects.values("txn_id").annotate(n=Count("id")).filter(n__gt=1)
    for row in shared[:MAX_PROBLEMS_PER_CHECK]:
        yield f"transaction #{row['txn_id']} is the posting of {row['n']} repayments"


def refunds_tie_to_postings() -> Iterator[str]:
    standing = Refund.objects.filter(status__in=[Refund.Status.PAYING, Refund.Status.PAID])
    for pk in standing.filter(posting_txn__reversed_by__isnull=False).values_list("pk", flat=True)[
        :MAX_PROBLEMS_PER_CHECK
    ]:
        yield f"refund #{pk} has no standing posting"
    unsettled = Refund.objects.filter(status=Refund.Status.PAID, settlement_txn__isnull=True)
    for pk in unsettled.values_list("pk", flat=True)[:MAX_PROBLEMS_PER_CHECK]:
        yield f"refund #{pk} is paid but its payment is not posted"
    not_reversed = Refund.objects.filter(status=Refund.Status.FAILED).exclude(
        reversal_txn__reverses_id=F("posting_txn_id")
    )
    for pk in not_reversed.values_list("pk", flat=True)[:MAX_PROBLEMS_PER_CHECK]:
        yield f"refund #{pk} failed but its posting is not reversed"
    for pk, amount, booked in _rows(
        """
        SELECT r.id, r.amount, COALESCE(SUM(e.amount), 0)
        FROM lending_refund r
        JOIN lending_line l ON l.id = r.line_id
        LEFT JOIN ledger_entry e
            ON e.transaction_id = r.posting_txn_id AND e.account_id = l.credit_account_id
        GROUP BY r.id, r.amount
        HAVING r.amount <> COALESCE(SUM(e.amount), 0)
        ORDER BY r.id
        """
    ):
        yield (
            f"refund #{pk} of {_money(amount):.2f} took {_money(booked):.2f} out of its "
            "line's credit balance"
        )


CHECKS = [
    line_principal_matches_ledger,
    line_within_limit,
    line_principal_equals_draws,
    line_credit_matches_ledger,
    control_accounts_equal_subledger,
    draws_tie_to_postings,
    repayments_tie_to_postings,
    refunds_tie_to_postings,
]
