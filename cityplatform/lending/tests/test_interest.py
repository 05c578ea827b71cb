"""Step 4 and 5: daily interest, due and overdue processing, penalty, the business date."""

from datetime import date
from decimal import Decimal

import pytest

from cityplatform.core.errors import DomainError
from cityplatform.lending.models import (
    Accrual,
    BusinessClock,
    CloseOfBusiness,
    Draw,
    Instalment,
    Line,
    OverdueNotice,
    Statement,
)
from cityplatform.lending.services.accounts import (
    INTEREST_INCOME,
    INTEREST_RECEIVABLE,
    PENALTY_INCOME,
)
from cityplatform.lending.services.close_of_business import close_business_day, close_one_day
from cityplatform.lending.tests.conftest import balance, book_problems, repay, take

pytestmark = pytest.mark.django_db

D = Decimal


def close_until(day: date) -> None:
    close_business_day(until=day)


def test_10000_held_30_days_at_the_best_tier_costs_exactly_45(approved_line: Line) -> None:
    draw = take(approved_line, "10000.00")  # 2026-04-01, bullet, due 2026-05-01
    close_until(date(2026, 4, 30))
    draw.refresh_from_db()
    assert Accrual.objects.filter(draw=draw).count() == 30
    assert set(Accrual.objects.values_list("interest", flat=True)) == {D("1.50")}
    assert draw.interest_outstanding == D("45.00")
    assert draw.interest_accrued_total == D("45.00")
    assert BusinessClock.objects.get().business_date == date(2026, 5, 1)
    # Repaid on the due date: 10,000 principal and 45.00 interest, not a fen more.
    repayment = repay(approved_line, "10045.00")
    assert (repayment.interest_paid, repayment.principal_paid, repayment.credit_added) == (
        D("45.00"),
        D("10000.00"),
        D("0.00"),
    )
    draw.refresh_from_db()
    assert draw.status == Draw.Status.SETTLED
    assert draw.instalments.get().status == Instalment.Status.SETTLED
    assert -balance(INTEREST_INCOME) == D("45.00")
    assert balance(INTEREST_RECEIVABLE) == 0
    close_until(date(2026, 5, 3))
    draw.refresh_from_db()
    assert draw.interest_accrued_total == D("45.00")  # nothing accrues on a settled draw
    assert book_problems() == []


def test_overdue_instalments_accrue_penalty_and_move_through_stages(approved_line: Line) -> None:
    draw = take(approved_line, "10000.00")
    close_until(date(2026, 5, 1))  # the due date passes unpaid
    draw.refresh_from_db()
    assert draw.principal_overdue == D("10000.00")
    assert draw.interest_overdue == D("45.00")  # the due date's own day is next period's
    assert draw.interest_outstanding == D("46.50")
    assert draw.overdue_since == date(2026, 5, 1)
    assert draw.overdue_stage == 1
    notice = OverdueNotice.objects.get()
    assert (notice.stage, notice.days_past_due, notice.amount_overdue) == (1, 1, D("10045.00"))
    assert draw.instalments.get().status == Instalment.Status.OVERDUE

    close_until(date(2026, 5, 2))
    draw.refresh_from_db()
    # Past maturity all interest is overdue; penalty at 1.5 × 0.015 % on 10,045.00 = 2.26,
    # and no normal interest on overdue principal.
    assert draw.interest_overdue == draw.interest_outstanding == D("46.50")
    assert draw.penalty_outstanding == D("2.26")
    assert Accrual.objects.get(draw=draw, business_date=date(2026, 5, 2)).interest == 0

    # Overdue lines cannot draw.
    with pytest.raises(DomainError) as exc:
        take(approved_line, "1000.00")
    assert exc.value.code == "line_overdue"

    close_until(date(2026, 5, 31))  # 31 days past due
    draw.refresh_from_db()
    assert draw.overdue_stage == 2
    assert list(OverdueNotice.objects.order_by("stage").values_list("stage", "days_past_due")) == [
        (1, 1),
        (2, 31),
    ]
    assert -balance(PENALTY_INCOME) == draw.penalty_accrued_total > 0
    assert book_problems() == []


def test_a_repayment_pays_penalty_then_interest_then_principal(approved_line: Line) -> None:
    draw = take(approved_line, "10000.00")
    close_until(date(2026, 5, 10))
    draw.refresh_from_db()
    penalty, interest = draw.penalty_outstanding, draw.interest_outstanding
    assert penalty > 0
    repayment = repay(approved_line, str(penalty + interest + D("100.00")))
    assert repayment.penalty_paid == penalty
    assert repayment.interest_paid == interest
    assert repayment.principal_paid == D("100.00")
    draw.refresh_from_db()
    assert draw.penalty_outstanding == draw.interest_outstanding == 0
    assert draw.principal_overdue == D("9900.00")
    assert draw.overdue_stage == 1  # still overdue: principal is
    # Paying the rest cures it.
    repay(approved_line, "9900.00")
    draw.refresh_from_db()
    assert draw.status == Draw.Status.SETTLED
    assert draw.overdue_since is None
    assert draw.overdue_stage == 0
    approved_line.refresh_from_db()
    assert approved_line.available == approved_line.credit_limit
    assert book_problems() == []


def test_equal_principal_paid_on_time_never_falls_overdue(approved_line: Line) -> None:
    draw = take(approved_line, "12000.00", term_months=3, repayment_method="equal_principal")
    for due in (date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)):
        close_until(due - (date(2026, 1, 2) - date(2026, 1, 1)))
        draw.refresh_from_db()
        # Pay the instalment's principal and the interest accrued so far, on the due date.
        repay(approved_line, str(D("4000.00") + draw.interest_outstanding))
    draw.refresh_from_db()
    assert draw.status == Draw.Status.SETTLED
    assert not OverdueNotice.objects.exists()
    assert not draw.instalments.exclude(status=Instalment.Status.SETTLED).exists()
    close_until(date(2026, 7, 5))
    assert not OverdueNotice.objects.exists()
    assert book_problems() == []


def test_prepaying_covers_the_next_instalments(approved_line: Line) -> None:
    draw = take(approved_line, "12000.00", term_months=3, repayment_method="equal_principal")
    repay(approved_line, "8000.00")  # two instalments' principal, paid on day one
    close_until(date(2026, 6, 1))
    draw.refresh_from_db()
    first = draw.instalments.order_by("seq").first()
    assert first is not None
    # Interest still falls due each month: unpaid, it is overdue; principal is not.
    assert draw.principal_overdue == 0
    assert first.status == Instalment.Status.OVERDUE
    assert first.interest_due == D("18.00")  # 4,000 × 0.015 % × 30 days
    repay(approved_line, str(draw.interest_overdue + draw.penalty_outstanding))
    first.refresh_from_db()
    assert first.status == Instalment.Status.SETTLED


def test_a_closed_day_is_never_processed_twice(approved_line: Line) -> None:
    take(approved_line, "10000.00")
    (run,) = close_business_day()
    assert run.business_date == date(2026, 4, 1)
    assert run.finished_at is not None
    with pytest.raises(DomainError) as exc:
        close_one_day(date(2026, 4, 1))
    assert exc.value.code == "day_already_closed"
    assert Accrual.objects.count() == 1
    assert close_business_day(until=date(2026, 3, 31)) == []


def test_an_interrupted_close_resumes_where_it_stopped(
    approved_line: Line,
    people,
    product,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from cityplatform.lending.services import cob_steps

    draws = [take(approved_line, "10000.00") for _ in range(5)]
    real = cob_steps.accrue_chunk
    calls = {"n": 0}

    def dies_on_the_third_chunk(day, lo, hi):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("killed in the middle of the accrual")
        return real(day, lo, hi)

    monkeypatch.setattr(cob_steps, "accrue_chunk", dies_on_the_third_chunk)
    with pytest.raises(SystemExit):
        close_business_day(chunk=1)
    clock = BusinessClock.objects.get()
    assert clock.closing
    assert clock.business_date == date(2026, 4, 1)
    assert Accrual.objects.count() == 2  # two chunks committed before the kill
    # While the day is half-closed, money does not move.
    with pytest.raises(DomainError) as exc:
        repay(approved_line, "100.00")
    assert exc.value.status == 503
    assert book_problems() == []  # each chunk posted its own total: still balanced

    monkeypatch.setattr(cob_steps, "accrue_chunk", real)
    (run,) = close_business_day(chunk=1)
    assert run.attempts == 2
    assert run.steps_done == ["disbursements", "accrual", "due", "overdue", "statements"]
    for draw in draws:
        draw.refresh_from_db()
        assert draw.interest_outstanding == D("1.50")
        assert Accrual.objects.filter(draw=draw).count() == 1
    assert -balance(INTEREST_INCOME) == D("7.50")
    assert BusinessClock.objects.get().business_date == date(2026, 4, 2)
    assert CloseOfBusiness.objects.count() == 1
    assert book_problems() == []


def test_monthly_statements(approved_line: Line) -> None:
    take(approved_line, "10000.00")
    close_until(date(2026, 4, 30))
    april = Statement.objects.get(line=approved_line)
    assert (april.period_start, april.period_end) == (date(2026, 4, 1), date(2026, 4, 30))
    assert april.drawn == D("10000.00")
    assert april.interest_charged == D("45.00")
    assert april.closing_principal == D("10000.00")
    assert april.interest_outstanding == D("45.00")
    repay(approved_line, "10045.00")
    close_until(date(2026, 5, 31))
    may = Statement.objects.get(line=approved_line, period_end=date(2026, 5, 31))
    assert may.opening_principal == D("10000.00")
    assert may.repaid == D("10045.00")
    assert may.interest_charged == 0
    assert may.closing_principal == 0


def test_the_commands(approved_line: Line) -> None:
    import io

    from django.core.management import CommandError, call_command

    take(approved_line, "10000.00")
    out = io.StringIO()
    call_command("close_business_day", "--until", "2026-04-03", stdout=out)
    text = out.getvalue()
    assert "2026-04-01 closed" in text
    assert "2026-04-03 closed" in text
    assert "Business date is now 2026-04-04" in text
    out = io.StringIO()
    call_command("close_business_day", "--until", "2026-04-02", stdout=out)
    assert "Nothing to do" in out.getvalue()
    call_command("close_business_day", stdout=io.StringIO())
    assert BusinessClock.objects.get().business_date == date(2026, 4, 5)
    with pytest.raises(CommandError):
        call_command("close_business_day", "--until", "April")
    out = io.StringIO()
    call_command("resume_disbursements", "--older-than", "0", stdout=out)
    assert "0 draw(s) resumed." in out.getvalue()
    assert book_problems() == []


def test_an_unpaid_draw_goes_through_all_four_overdue_stages(approved_line: Line) -> None:
    draw = take(approved_line, "10000.00")  # due 2026-05-01, never repaid
    close_until(date(2026, 7, 30))  # day 91 past due
    draw.refresh_from_db()
    assert draw.overdue_stage == 4
    notices = OverdueNotice.objects.order_by("stage")
    assert [(n.stage, n.days_past_due, n.business_date) for n in notices] == [
        (1, 1, date(2026, 5, 1)),
        (2, 31, date(2026, 5, 31)),
        (3, 61, date(2026, 6, 30)),
        (4, 91, date(2026, 7, 30)),
    ]
    # Each notice states what was overdue that day, penalty included, and it grows.
    amounts = [n.amount_overdue for n in notices]
    assert amounts == sorted(amounts)
    assert amounts[0] == D("10045.00")
    assert book_problems() == []
