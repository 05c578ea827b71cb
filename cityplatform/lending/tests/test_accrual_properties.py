"""The set-based SQL accrual equals the Decimal arithmetic of `rates`, fen for fen."""

import itertools
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityplatform.lending import rates
from cityplatform.lending.models import Accrual, Draw, Line
from cityplatform.lending.services.cob_steps import accrue_chunk

principal = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500000.00"), places=2)
rate = st.decimals(min_value=Decimal("0.00000001"), max_value=Decimal("0.00100000"), places=8)
_days = itertools.count()


@st.composite
def draw_state(draw):  # type: ignore[no-untyped-def]
    outstanding = draw(principal)
    overdue = draw(st.decimals(min_value=Decimal(0), max_value=outstanding, places=2))
    interest = draw(st.decimals(min_value=Decimal(0), max_value=Decimal("9999.99"), places=2))
    interest_overdue = draw(st.decimals(min_value=Decimal(0), max_value=interest, places=2))
    return outstanding, overdue, interest, interest_overdue, draw(rate), draw(st.integers(100, 200))


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(states=st.lists(draw_state(), min_size=1, max_size=6))
def test_sql_accrual_matches_decimal_arithmetic(approved_line: Line, states) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 4, 1) + timedelta(days=next(_days))
    draws = []
    for outstanding, overdue, interest, interest_overdue, daily, percent in states:
        penalty_rate = rates.penalty_rate(daily, Decimal(percent) / 100)
        draws.append(
            Draw.objects.create(
                line=approved_line,
                amount=outstanding,
                purpose="测试",
                term_months=1,
                repayment_method="bullet",
                daily_rate=daily,
                penalty_rate=penalty_rate,
                status=Draw.Status.DISBURSED,
                business_date=day,
                requested_at=timezone.now(),
                disbursed_on=day,
                transfer_id=uuid.uuid4().hex,
                principal_outstanding=outstanding,
                principal_overdue=overdue,
                interest_outstanding=interest,
                interest_overdue=interest_overdue,
            )
        )
    ids = [d.pk for d in draws]
    result = accrue_chunk(day, min(ids), max(ids) + 1)
    assert result.draws == len(draws)
    expected_interest = expected_penalty = Decimal("0.00")
    for before in draws:
        row = Accrual.objects.get(draw=before, business_date=day)
        interest = rates.daily_interest(
            before.principal_outstanding - before.principal_overdue, before.daily_rate
        )
        penalty = rates.daily_interest(
            before.principal_overdue + before.interest_overdue, before.penalty_rate
        )
        assert (row.interest, row.penalty) == (interest, penalty)
        after = Draw.objects.get(pk=before.pk)
        assert after.interest_outstanding == before.interest_outstanding + interest
        assert after.penalty_outstanding == penalty
        assert after.accrued_through == day
        expected_interest += interest
        expected_penalty += penalty
    assert (result.interest, result.penalty) == (expected_interest, expected_penalty)
    # Run again: nothing accrues twice.
    assert accrue_chunk(day, min(ids), max(ids) + 1).draws == 0
