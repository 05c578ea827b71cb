"""The invariants `verify_ledger` checks.

Core checks (here): every transaction has at least two entries and sums to zero;
every reversal mirrors its original exactly (same accounts, negated amounts); no
transaction is reversed twice and no reversal is reversed. Apps add their own in
`<app>/ledger_checks.py` with `CHECKS = [callable]`: each callable takes no argument
and yields one human-readable string per problem found. All checks are SQL
aggregates over the whole book, so they stay fast at millions of entries.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db.models import Count, Q, Sum

from cityplatform.ledger.models import Entry, Transaction

Check = Callable[[], Iterable[str]]

# Listing stops after this many problems per check: enough to act on, not a flood.
MAX_PROBLEMS_PER_CHECK = 50


def transactions_balance() -> Iterator[str]:
    unbalanced = (
        Entry.objects.values("transaction_id")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
        .order_by("transaction_id")
    )
    for row in unbalanced[:MAX_PROBLEMS_PER_CHECK]:
        yield (
            f"transaction #{row['transaction_id']} does not balance: "
            f"its entries sum to {row['total']:.2f}"
        )


def transactions_have_two_legs() -> Iterator[str]:
    short = (
        Transaction.objects.annotate(legs=Count("entries"))
        .filter(legs__lt=2)
        .values_list("pk", "legs")
        .order_by("pk")
    )
    for pk, legs in short[:MAX_PROBLEMS_PER_CHECK]:
        yield f"transaction #{pk} has {legs} entries (at least two needed)"


def reversals_mirror_originals() -> Iterator[str]:
    # Per (original, account): the original's entries plus its reversal's sum to zero,
    # and both have as many entries.
    pairs = Transaction.objects.filter(reverses__isnull=False).values_list("pk", "reverses_id")
    reversal_of = dict(pairs)
    if not reversal_of:
        return
    involved = set(reversal_of) | set(reversal_of.values())
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    rows = (
        Entry.objects.filter(transaction_id__in=involved)
        .values("transaction_id", "account_id")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    for row in rows:
        txn = row["transaction_id"]
        original = reversal_of.get(txn, txn)
        key = (original, row["account_id"])
        totals[key] += row["total"]
        counts[key] += row["n"] if txn == original else -row["n"]
    bad = sorted({original for (original, _a), t in totals.items() if t != 0})
    bad += sorted({original for (original, _a), n in counts.items() if n != 0} - set(bad))
    reversal_for = {o: r for r, o in reversal_of.items()}
    for original in bad[:MAX_PROBLEMS_PER_CHECK]:
        yield f"reversal #{reversal_for[original]} does not mirror transaction #{original}"


def reversed_at_most_once() -> Iterator[str]:
    twice = (
        Transaction.objects.filter(reverses__isnull=False)
        .values("reverses_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("reverses_id")
    )
    for row in twice[:MAX_PROBLEMS_PER_CHECK]:
        yield f"transaction #{row['reverses_id']} is reversed {row['n']} times"
    chained = Transaction.objects.filter(
        Q(reverses__isnull=False) & Q(reverses__reverses__isnull=False)
    ).values_list("pk", flat=True)
    for pk in chained[:MAX_PROBLEMS_PER_CHECK]:
        yield f"transaction #{pk} reverses a reversal"


CORE_CHECKS: list[Check] = [
    transactions_balance,
    transactions_have_two_legs,
    reversals_mirror_originals,
    reversed_at_most_once,
]


def registered_checks() -> list[tuple[str, Check]]:
    """(name, check) for the core checks and every app's `ledger_checks.CHECKS`."""
    checks = [(f"ledger.{c.__name__}", c) for c in CORE_CHECKS]
    for config in apps.get_app_configs():
        module_name = f"{config.name}.ledger_checks"
        if config.name.startswith("cityplatform.") and find_spec(module_name):
            for check in getattr(import_module(module_name), "CHECKS", []):
                checks.append((f"{config.label}.{check.__name__}", check))
    return checks


def problems() -> Iterator[tuple[str, str]]:
    """(check name, problem) for everything wrong in the book and the apps above it."""
    for name, check in registered_checks():
        for problem in check():
            yield name, problem
