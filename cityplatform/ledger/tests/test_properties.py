"""Random sequences of postings and reversals keep every invariant of the book."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityplatform.core.errors import DomainError
from cityplatform.ledger import selectors
from cityplatform.ledger.checks import problems
from cityplatform.ledger.models import Account, Transaction
from cityplatform.ledger.services import Leg, account_open, transaction_post, transaction_reverse

amounts = st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2)
post = st.tuples(
    st.just("post"), st.lists(st.tuples(st.integers(0, 3), amounts), min_size=1, max_size=4)
)
reverse = st.tuples(st.just("reverse"), st.integers(0, 50))
operations = st.lists(st.one_of(post, reverse), min_size=1, max_size=15)
# Examples share one test database: each opens accounts of its own.
_example = iter(range(10**9))


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_any_sequence_of_postings_and_reversals_keeps_the_invariants(ops) -> None:  # type: ignore[no-untyped-def]
    run = next(_example)
    accounts = [
        account_open(code=f"p.{run}.{i}", name=str(i), kind=Account.Kind.ASSET) for i in range(4)
    ]
    expected = {a.pk: Decimal("0.00") for a in accounts}
    posted: list[tuple[Transaction, list[Leg]]] = []
    reversed_ids: set[int] = set()
    refused: list[str] = []
    start = Transaction.objects.count()
    for op in ops:
        if op[0] == "post":
            legs = [Leg(accounts[i], amount) for i, amount in op[1]]
            # Close the posting on the last account so most postings balance; some
            # still hit a zero leg and must be refused whole.
            rest = -sum((leg.amount for leg in legs), Decimal("0.00"))
            legs.append(Leg(accounts[(op[1][0][0] + 1) % 4], rest))
            try:
                txn = transaction_post(legs=legs, description="p")
            except DomainError as exc:
                refused.append(exc.code)
                continue
            posted.append((txn, legs))
            for leg in legs:
                expected[leg.account.pk] += leg.amount
        elif posted:
            txn, legs = posted[op[1] % len(posted)]
            try:
                transaction_reverse(txn=txn, reason="property")
            except DomainError as exc:
                refused.append(exc.code if txn.pk in reversed_ids else "reversed too early")
                continue
            assert txn.pk not in reversed_ids
            reversed_ids.add(txn.pk)
            for leg in legs:
                expected[leg.account.pk] -= leg.amount
    assert set(refused) <= {"zero_amount", "already_reversed"}
    assert selectors.balances(accounts) == expected
    assert sum(expected.values()) == 0
    assert Transaction.objects.count() - start == len(posted) + len(reversed_ids)
    assert list(problems()) == []
