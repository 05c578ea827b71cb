"""等额本息 on the books: the same total every month while interest accrues by the day;
each due date fixes the instalment's principal part as the instalment less the interest
actually accrued, and the last instalment clears the draw."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cityplatform.lending import rates
from cityplatform.lending.models import Draw, Instalment, Line, OverdueNotice
from cityplatform.lending.services.close_of_business import close_business_day
from cityplatform.lending.tests.conftest import book_problems, draw_through_pages, repay, take

pytestmark = pytest.mark.django_db

D = Decimal
START = date(2026, 4, 1)


def _quote(amount: str, term: int) -> rates.Quote:
    return rates.quote(
        amount=D(amount),
        daily_rate=D("0.00015"),
        term_months=term,
        method="equal_instalment",
        start=START,
    )


def test_paid_on_every_due_date_each_payment_is_the_instalment(approved_line: Line) -> None:
    draw = take(approved_line, "12000.00", term_months=3, repayment_method="equal_instalment")
    expected = _quote("12000.00", 3)
    assert draw.instalment_amount == expected.instalment_amount == D("4036.56")
    stored = list(draw.instalments.order_by("seq"))
    assert [(i.due_date, i.principal, i.interest_expected) for i in stored] == [
        (i.due_date, i.principal, i.interest) for i in expected.instalments
    ]
    payments = []
    for planned in expected.instalments:
        close_business_day(until=planned.due_date - timedelta(days=1))
        draw.refresh_from_db()
        payment = draw.owed if planned.seq == 3 else draw.instalment_amount
        repayment = repay(approved_line, str(payment))
        payments.append(repayment.amount)
        # The interest part is the interest accrued in the period, the rest is principal.
        assert (repayment.interest_paid, repayment.principal_paid) == (
            planned.interest,
            planned.principal,
        )
        close_business_day(until=planned.due_date)
    assert payments[:2] == [D("4036.56")] * 2
    assert payments[2] == expected.instalments[-1].total
    assert sum(payments) == D("12000.00") + expected.total_interest
    draw.refresh_from_db()
    assert draw.status == Draw.Status.SETTLED
    assert not OverdueNotice.objects.exists()
    settled = list(draw.instalments.order_by("seq"))
    assert all(i.status == Instalment.Status.SETTLED for i in settled)
    assert [i.principal for i in settled] == [i.principal for i in expected.instalments]
    assert sum(i.principal for i in settled) == D("12000.00")
    assert book_problems() == []


def test_an_unpaid_equal_instalment_falls_overdue_as_a_whole(approved_line: Line) -> None:
    draw = take(approved_line, "12000.00", term_months=3, repayment_method="equal_instalment")
    close_business_day(until=date(2026, 5, 1))
    draw.refresh_from_db()
    first = draw.instalments.get(seq=1)
    # 30 days at 1.80 a day on 12,000; the principal part is the instalment less that.
    assert first.interest_due == D("54.00")
    assert first.principal == D("4036.56") - D("54.00")
    assert first.status == Instalment.Status.OVERDUE
    assert draw.principal_overdue == first.principal
    assert draw.interest_overdue == D("54.00")
    assert draw.overdue_since == date(2026, 5, 1)
    assert draw.overdue_stage == 1
    notice = OverdueNotice.objects.get()
    assert notice.amount_overdue == D("4036.56")
    # Paid the next day with the day's penalty: cured, and the schedule carries on.
    close_business_day(until=date(2026, 5, 2))
    draw.refresh_from_db()
    assert draw.penalty_outstanding > 0
    # Penalty, then all interest (the new period's too), then the overdue principal.
    owed_now = draw.penalty_outstanding + draw.interest_outstanding + draw.principal_overdue
    repay(approved_line, str(owed_now))
    draw.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Instalment.Status.SETTLED
    assert draw.overdue_since is None
    assert draw.overdue_stage == 0
    assert book_problems() == []


def test_principal_repaid_early_counts_against_the_next_instalments(
    approved_line: Line,
) -> None:
    draw = take(approved_line, "12000.00", term_months=3, repayment_method="equal_instalment")
    repay(approved_line, "5000.00")  # on the first day, before any interest
    close_business_day(until=date(2026, 5, 1))
    draw.refresh_from_db()
    first = draw.instalments.get(seq=1)
    # 7,000 for 30 days: 1.05 a day; the part of the instalment that is principal is
    # covered by the 5,000 repaid, only the month's interest falls due.
    assert first.interest_due == D("31.50")
    assert first.principal == D("4036.56") - D("31.50")
    assert draw.principal_overdue == 0
    assert draw.interest_overdue == D("31.50")
    # Then the draw runs to its end unpaid: at maturity everything is overdue.
    close_business_day(until=date(2026, 7, 1))
    draw.refresh_from_db()
    assert draw.principal_overdue == draw.principal_outstanding == D("7000.00")
    assert draw.instalments.get(seq=3).principal_cumulative == D("12000.00")
    repay(approved_line, str(draw.owed + D("10.00")))
    draw.refresh_from_db()
    approved_line.refresh_from_db()
    assert draw.status == Draw.Status.SETTLED
    assert approved_line.credit_balance == D("10.00")
    assert book_problems() == []


def test_the_api_shows_the_instalment_and_the_expected_schedule(approved_line: Line) -> None:
    from django.test import Client

    client = Client()
    client.force_login(approved_line.borrower)
    response = client.post(
        f"/api/lending/lines/{approved_line.pk}/draws",
        {"amount": "12000.00", "purpose": "装修", "term_months": 3,
         "repayment_method": "equal_instalment"},
        content_type="application/json",
        headers={"Idempotency-Key": "ei-1"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["repayment_method"] == "equal_instalment"
    assert body["instalment_amount"] == "4036.56"
    assert [(i["principal"], i["interest_expected"]) for i in body["instalments"]] == [
        ("3982.56", "54.00"),
        ("3999.36", "37.20"),
        ("4018.08", "18.00"),
    ]


def test_the_calculator_and_the_draw_confirmation_show_the_schedule(approved_line: Line) -> None:
    from django.test import Client

    client = Client()
    client.force_login(approved_line.borrower)
    query = {"amount": "12000", "term_months": "3", "method": "equal_instalment", "grade": "A"}
    calculator = client.get("/loans/calculator/", query).content.decode()
    # The last instalment and the total interest, after the equal ones.
    for text in ("等额本息", 'instalment-amount">4,036.56<', "4,036.08", "109.20"):
        assert text in calculator

    body = {
        "amount": "12000.00",
        "purpose": "装修",
        "purpose_other": "",
        "term_months": "3",
        "repayment_method": "equal_instalment",
        "idempotency_key": "page-ei-1",
    }
    page, drawn = draw_through_pages(client, approved_line, body)
    for text in ("确认借款", 'instalment-amount">4,036.56<', "2026-05-01", "2026-07-01"):
        assert text in page
    assert drawn.status_code == 302
    draw = Draw.objects.get()
    assert draw.repayment_method == "equal_instalment"
    detail = client.get(drawn["Location"]).content.decode()
    assert 'instalment-amount">4,036.56<' in detail
    assert "3,982.56" in detail


def test_a_close_killed_after_the_due_step_resumes_without_doing_it_twice(
    approved_line: Line, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cityplatform.lending.services import cob_steps

    draw = take(approved_line, "12000.00", term_months=3, repayment_method="equal_instalment")
    close_business_day(until=date(2026, 4, 30))

    def killed(day: date) -> int:
        raise SystemExit("killed between the due and the overdue steps")

    monkeypatch.setattr(cob_steps, "process_overdue", killed)
    with pytest.raises(SystemExit):
        close_business_day()
    draw.refresh_from_db()
    assert draw.principal_overdue == D("3982.56")  # the due step committed
    assert not OverdueNotice.objects.exists()
    assert book_problems() == []

    monkeypatch.undo()
    (run,) = close_business_day()
    assert run.attempts == 2
    draw.refresh_from_db()
    # Not fallen due a second time: the same principal part, the same interest.
    assert draw.principal_overdue == D("3982.56")
    assert draw.interest_overdue == D("54.00")
    assert draw.interest_accrued_at_last_due == D("54.00")
    assert draw.interest_accrued_total == D("55.80")  # 31 days, once each
    assert OverdueNotice.objects.get().stage == 1
    assert book_problems() == []
