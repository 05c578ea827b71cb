"""Step 4: draws are checked, booked and paid out; faults are retried or reversed."""

from datetime import date
from decimal import Decimal

import pytest

from cityplatform.core.errors import DomainError
from cityplatform.ledger.models import Transaction
from cityplatform.lending.models import DisbursementAttempt, Draw, Line, SimulatedTransfer
from cityplatform.lending.rail import SimulatedRail, use
from cityplatform.lending.services import disbursement
from cityplatform.lending.services.accounts import IN_TRANSIT, SETTLEMENT, principal_code
from cityplatform.lending.services.disbursement import disbursements_resume
from cityplatform.lending.services.draws import draw_request
from cityplatform.lending.tests.conftest import balance, book_problems, take

pytestmark = pytest.mark.django_db


def test_a_draw_is_paid_out_and_booked(approved_line: Line) -> None:
    draw = take(approved_line, "10000.00", purpose="家庭装修")
    approved_line.refresh_from_db()
    assert draw.status == Draw.Status.DISBURSED
    assert draw.disbursed_on == date(2026, 4, 1)
    assert draw.maturity_date == date(2026, 5, 1)
    assert draw.seconds_to_disburse is not None
    assert draw.seconds_to_disburse >= 0
    assert [i.due_date for i in draw.instalments.all()] == [date(2026, 5, 1)]
    assert approved_line.principal_outstanding == Decimal("10000.00")
    assert approved_line.available == Decimal("194000.00")
    assert balance(principal_code(approved_line.pk)) == Decimal("10000.00")
    assert balance(IN_TRANSIT) == 0
    assert balance(SETTLEMENT) == Decimal("-10000.00")
    assert SimulatedTransfer.objects.get().amount == Decimal("10000.00")
    assert book_problems() == []


def test_equal_principal_schedule(approved_line: Line) -> None:
    draw = take(approved_line, "12000.00", term_months=3, repayment_method="equal_principal")
    assert [(i.due_date, i.principal) for i in draw.instalments.all()] == [
        (date(2026, 5, 1), Decimal("4000.00")),
        (date(2026, 6, 1), Decimal("4000.00")),
        (date(2026, 7, 1), Decimal("4000.00")),
    ]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"amount": "999.99"}, "below_minimum"),
        ({"amount": "204000.01"}, "above_available"),
        ({"amount": "1000.001"}, "too_many_decimals"),
        ({"amount": "一千"}, "invalid_amount"),
        ({"amount": "-1000"}, "amount_not_positive"),
        ({"purpose": "炒股"}, "prohibited_purpose"),
        ({"purpose": "买房首付"}, "prohibited_purpose"),
        ({"purpose": "期货投资"}, "prohibited_purpose"),
        ({"purpose": "  "}, "purpose_required"),
        ({"term_months": 2}, "invalid_term"),
        ({"repayment_method": "balloon"}, "invalid_repayment_method"),
    ],
)
def test_bad_draws_are_refused_and_leave_nothing(approved_line: Line, kwargs, code) -> None:  # type: ignore[no-untyped-def]
    values = {
        "amount": "5000.00",
        "purpose": "装修",
        "term_months": 1,
        "repayment_method": "bullet",
        **kwargs,
    }
    before = Transaction.objects.count()
    with pytest.raises(DomainError) as exc:
        draw_request(
            line=approved_line,
            actor=approved_line.borrower,
            idempotency_key="k",
            fingerprint="f",
            **values,
        )
    assert exc.value.code == code
    assert exc.value.status == 422
    assert not Draw.objects.exists()
    assert Transaction.objects.count() == before
    approved_line.refresh_from_db()
    assert approved_line.principal_outstanding == 0


def test_prohibited_purpose_message_names_the_rule(approved_line: Line) -> None:
    with pytest.raises(DomainError) as exc:
        take(approved_line, "5000.00", purpose="用于股权投资")
    assert "股本权益性投资" in exc.value.message
    assert "股票" in exc.value.message


def test_closed_and_frozen_lines_refuse_draws(approved_line: Line) -> None:
    for status, code in [(Line.Status.FROZEN, "line_frozen"), (Line.Status.CLOSED, "line_closed")]:
        Line.objects.filter(pk=approved_line.pk).update(status=status)
        with pytest.raises(DomainError) as exc:
            take(approved_line, "5000.00")
        assert exc.value.code == code


def test_the_available_amount_revolves(approved_line: Line) -> None:
    take(approved_line, "200000.00")
    with pytest.raises(DomainError) as exc:
        take(approved_line, "5000.00")
    assert exc.value.code == "above_available"
    assert exc.value.details["available"] == "4000.00"
    take(approved_line, "4000.00")
    approved_line.refresh_from_db()
    assert approved_line.available == 0


def test_failures_are_retried_with_the_same_reference(approved_line: Line) -> None:
    with use(SimulatedRail(fail_first=2)) as rail:
        draw = take(approved_line, "5000.00")
    assert draw.status == Draw.Status.DISBURSED
    assert rail.calls == 3
    assert list(draw.payment_attempts.values_list("outcome", flat=True)) == [
        "failed",
        "failed",
        "paid",
    ]
    assert SimulatedTransfer.objects.count() == 1


def test_a_timeout_after_paying_pays_once(approved_line: Line) -> None:
    with use(SimulatedRail(timeout_first=1)):
        draw = take(approved_line, "5000.00")
    assert draw.status == Draw.Status.DISBURSED
    assert SimulatedTransfer.objects.count() == 1
    assert draw.payment_attempts.get().outcome == DisbursementAttempt.Outcome.PAID


def test_a_transfer_that_never_succeeds_is_reversed_and_the_limit_restored(
    approved_line: Line,
) -> None:
    with use(SimulatedRail(fail_first=10)):
        draw = take(approved_line, "5000.00")
    approved_line.refresh_from_db()
    assert draw.status == Draw.Status.FAILED
    assert draw.attempts == 3
    assert draw.reversal_txn is not None
    assert draw.reversal_txn.reverses_id == draw.posting_txn_id
    assert approved_line.principal_outstanding == 0
    assert approved_line.available == approved_line.credit_limit
    assert balance(principal_code(approved_line.pk)) == 0
    assert balance(IN_TRANSIT) == 0
    assert not SimulatedTransfer.objects.exists()
    assert book_problems() == []


def test_a_declined_transfer_fails_at_once(approved_line: Line) -> None:
    with use(SimulatedRail(decline=True)) as rail:
        draw = take(approved_line, "5000.00")
    assert draw.status == Draw.Status.FAILED
    assert rail.calls == 1
    assert "declined" in draw.failure_reason


def test_a_crash_after_the_rail_paid_resumes_without_paying_twice(
    approved_line: Line, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(**kwargs: object) -> None:
        raise SystemExit("killed between the payment and its booking")

    monkeypatch.setattr(disbursement, "draw_mark_disbursed", killed)
    with pytest.raises(SystemExit):
        take(approved_line, "8000.00")
    monkeypatch.undo()
    draw = Draw.objects.get()
    assert draw.status == Draw.Status.DISBURSING
    assert SimulatedTransfer.objects.count() == 1
    assert book_problems() == []  # booked as in transit: balanced

    with use(SimulatedRail()) as rail:
        (resumed,) = disbursements_resume()
    assert resumed.status == Draw.Status.DISBURSED
    assert SimulatedTransfer.objects.count() == 1
    assert rail.calls == 0  # the rail's status said it had paid
    assert balance(IN_TRANSIT) == 0
    assert book_problems() == []


def test_a_crash_before_the_rail_was_called_resumes(approved_line: Line) -> None:
    booked = take(approved_line, "3000.00", pay=False)
    assert booked.status == Draw.Status.DISBURSING  # and then the process died
    assert book_problems() == []
    (resumed,) = disbursements_resume()
    assert resumed.status == Draw.Status.DISBURSED
    assert SimulatedTransfer.objects.count() == 1
    assert balance(IN_TRANSIT) == 0
    assert book_problems() == []
