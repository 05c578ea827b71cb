"""verify_ledger checks lending's invariants: silent on honest books, loud on tampering."""

import io
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityplatform.core.errors import DomainError
from cityplatform.lending.models import Draw, Line
from cityplatform.lending.rail import SimulatedRail, use
from cityplatform.lending.services.clock import clock_set
from cityplatform.lending.services.close_of_business import close_business_day
from cityplatform.lending.tests.conftest import book_problems, repay, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_line(approved_line: Line) -> Line:
    """A line with history: paid-out, failed, repaid, overdue and overpaid draws."""
    take(approved_line, "10000.00")
    take(approved_line, "20000.00", term_months=3, repayment_method="equal_principal")
    with use(SimulatedRail(fail_first=10)):
        take(approved_line, "5000.00")  # fails and is reversed
    close_business_day(until=date(2026, 5, 3))
    repay(approved_line, "3000.00")
    close_business_day(until=date(2026, 5, 10))
    line = Line.objects.get(pk=approved_line.pk)
    owed = sum((d.owed for d in Draw.objects.filter(line=line, status="disbursed")), Decimal(0))
    repay(line, str(owed + Decimal("88.88")))
    return Line.objects.get(pk=line.pk)


def test_an_honest_book_passes(busy_line: Line) -> None:
    assert busy_line.credit_balance == Decimal("88.88")
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "checks passed" in out.getvalue()
    assert book_problems() == []


def _problems_after(change) -> list[str]:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        change()
        found = [f"{name}: {problem}" for name, problem in book_problems()]
        transaction.set_rollback(True)
    return found


def test_tampering_is_found(busy_line: Line) -> None:
    draw = Draw.objects.filter(line=busy_line, status="settled").first()
    assert draw is not None
    found = _problems_after(
        lambda: Line.objects.filter(pk=busy_line.pk).update(principal_outstanding=Decimal("1.00"))
    )
    assert any("line_principal_matches_ledger" in p and f"line #{busy_line.pk}" in p for p in found)
    assert any("line_principal_equals_draws" in p for p in found)

    found = _problems_after(
        lambda: Draw.objects.filter(pk=draw.pk).update(interest_outstanding=Decimal("7.00"))
    )
    assert any("lending.interest_receivable holds" in p for p in found)

    found = _problems_after(
        lambda: Line.objects.filter(pk=busy_line.pk).update(credit_balance=Decimal("0.00"))
    )
    assert any("line_credit_matches_ledger" in p for p in found)

    failed = Draw.objects.get(line=busy_line, status="failed")
    found = _problems_after(
        lambda: Draw.objects.filter(pk=failed.pk).update(status=Draw.Status.SETTLED)
    )
    assert any(f"draw #{failed.pk} has no standing principal posting" in p for p in found)

    with transaction.atomic():
        Line.objects.filter(pk=busy_line.pk).update(principal_outstanding=Decimal("1.00"))
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("verify_ledger", stdout=out)
        assert "lending.line_principal_matches_ledger" in out.getvalue()
        transaction.set_rollback(True)


def test_the_database_keeps_lines_within_their_limit(busy_line: Line) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Line.objects.filter(pk=busy_line.pk).update(
            credit_limit=Decimal("1000.00"), principal_outstanding=Decimal("2000.00")
        )


operation = st.one_of(
    st.tuples(st.just("draw"), st.integers(1000, 60000), st.sampled_from([1, 3, 6])),
    st.tuples(st.just("repay"), st.integers(1, 70000), st.just(0)),
    st.tuples(st.just("close"), st.integers(1, 40), st.just(0)),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(operation, min_size=1, max_size=10))
def test_any_life_of_a_line_keeps_every_invariant(approved_line: Line, ops) -> None:  # type: ignore[no-untyped-def]
    refused: list[str] = []
    with transaction.atomic():
        clock_set(date(2026, 4, 1))
        for kind, number, term in ops:
            line = Line.objects.get(pk=approved_line.pk)
            try:
                if kind == "draw":
                    take(
                        line,
                        f"{number}.00",
                        term_months=term,
                        repayment_method="equal_principal",
                        key=uuid.uuid4().hex,
                    )
                elif kind == "repay":
                    repay(line, f"{number}.37")
                else:
                    close_business_day(
                        until=date.fromordinal(date(2026, 4, 1).toordinal() + number)
                    )
            except DomainError as exc:
                refused.append(exc.code)
            line.refresh_from_db()
            assert 0 <= line.principal_outstanding <= line.credit_limit
        assert book_problems() == []
        transaction.set_rollback(True)
    assert set(refused) <= {"above_available", "line_overdue", "nothing_owed"}
