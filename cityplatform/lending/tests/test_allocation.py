"""Repayment allocation: penalty, then interest, then principal; never more than owed."""

import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cityplatform.lending.allocation import ORDER, Debt, allocate

money = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("50000.00"), places=2)
debts = st.lists(st.tuples(money, money, money, money, money), min_size=1, max_size=4).map(
    lambda rows: [Debt(i, *row) for i, row in enumerate(rows)]
)


@settings(max_examples=400, deadline=None)
@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("300000.00"), places=2),
    owed=debts,
)
def test_allocation_order_and_conservation(amount: Decimal, owed: list[Debt]) -> None:
    result = allocate(amount, owed)
    shares = {s.draw_id: s for s in result.shares}
    # Nothing lost or made up.
    assert sum((s.total for s in result.shares), Decimal(0)) + result.surplus == amount
    assert result.surplus >= 0
    # Never more than owed, kind by kind.
    for debt in owed:
        share = shares.get(debt.draw_id)
        for kind in ORDER:
            paid = getattr(share, kind) if share else Decimal(0)
            assert 0 <= paid <= getattr(debt, kind)
    # A surplus only when everything is paid.
    total_owed = sum((d.total for d in owed), Decimal(0))
    assert result.surplus == max(Decimal(0), amount - total_owed)
    # The order: a kind is paid only once every earlier kind is paid in full.
    for earlier, later in itertools.pairwise(ORDER):
        later_paid = sum(
            (getattr(shares[d.draw_id], later) for d in owed if d.draw_id in shares), Decimal(0)
        )
        if later_paid > 0:
            for debt in owed:
                share = shares.get(debt.draw_id)
                assert (getattr(share, earlier) if share else 0) == getattr(debt, earlier)


def test_a_known_case() -> None:
    debt = Debt(
        1, Decimal("3.00"), Decimal("10.00"), Decimal("5.00"), Decimal("100.00"), Decimal("900.00")
    )
    result = allocate(Decimal("50.00"), [debt])
    (share,) = result.shares
    assert (share.penalty, share.interest, share.principal) == (
        Decimal("3.00"),
        Decimal("15.00"),
        Decimal("32.00"),
    )
    assert allocate(Decimal("1100.00"), [debt]).surplus == Decimal("82.00")
