"""Repayment schedules as pure functions: every method repays exactly the amount,
no part is negative, and 等额本息's instalments are equal but for the last."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cityplatform.lending import rates

D = Decimal
CENT = D("0.01")

amounts = st.integers(min_value=100_000, max_value=50_000_000).map(lambda fen: D(fen) / 100)
# From 0.005 % to 0.1 % a day (1.825 % to 36.5 % a year).
daily_rates = st.integers(min_value=500, max_value=10_000).map(lambda r: D(r) / D(10**7))
terms = st.integers(min_value=1, max_value=12)
starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
methods = st.sampled_from(["monthly_interest", "equal_instalment", "equal_principal", "bullet"])


def test_equal_instalments_of_10000_over_12_months_at_the_best_tier() -> None:
    # Monthly-equivalent rate 0.015 % × 365 / 12 = 0.45625 %.
    assert rates.monthly_rate(D("0.00015")) == D("0.0045625")
    payment = rates.level_instalment(amount=D("10000.00"), daily_rate=D("0.00015"), term_months=12)
    assert payment == D("858.25")
    plan = rates.equal_instalment_plan(
        amount=D("10000.00"), daily_rate=D("0.00015"), term_months=12, start=date(2026, 1, 31)
    )
    assert (plan[0].interest, plan[0].principal) == (D("45.63"), D("812.62"))
    assert [i.total for i in plan[:-1]] == [payment] * 11
    assert plan[-1].principal_cumulative == D("10000.00")
    assert plan[-1].total == D("858.29")  # the rounding of eleven months, in the last
    assert plan[1].due_date == date(2026, 3, 31)


def test_a_one_month_equal_instalment_is_a_month_of_daily_interest() -> None:
    terms_of_the_ad = {"amount": D("10000.00"), "daily_rate": D("0.00015"), "term_months": 1}
    q = rates.quote(**terms_of_the_ad, method="equal_instalment", start=date(2026, 4, 1))
    (only,) = q.instalments
    assert (only.principal, only.interest) == (D("10000.00"), D("45.00"))
    assert q.instalment_amount == D("10045.63")  # the expected figure; the actual is 30 days


@given(amount=amounts, daily_rate=daily_rates, term=terms, start=starts)
def test_the_expected_equal_instalment_plan(
    amount: Decimal, daily_rate: Decimal, term: int, start: date
) -> None:
    payment = rates.level_instalment(amount=amount, daily_rate=daily_rate, term_months=term)
    plan = rates.equal_instalment_plan(
        amount=amount, daily_rate=daily_rate, term_months=term, start=start
    )
    assert len(plan) == term
    assert sum(i.principal for i in plan) == amount
    assert all(i.principal >= 0 and i.interest >= 0 for i in plan)
    assert all(i.principal == i.principal.quantize(CENT) for i in plan)
    assert all(i.total == payment for i in plan[:-1])
    # The last absorbs the rounding: at most a fen per instalment.
    assert abs(plan[-1].total - payment) <= CENT * term


@given(amount=amounts, daily_rate=daily_rates, term=terms, start=starts)
def test_equal_instalments_with_daily_interest(
    amount: Decimal, daily_rate: Decimal, term: int, start: date
) -> None:
    """As the close of business will charge it, paid on every due date: each total is
    the instalment, the last within three days' interest (months run 28 to 31 days,
    the instalment assumes 365 / 12), half a fen a day (each day's interest is
    rounded) and a fen per instalment."""
    payment = rates.level_instalment(amount=amount, daily_rate=daily_rate, term_months=term)
    q = rates.quote(
        amount=amount,
        daily_rate=daily_rate,
        term_months=term,
        method="equal_instalment",
        start=start,
    )
    parts = q.instalments
    assert sum(i.principal for i in parts) == amount
    assert all(i.principal >= 0 and i.interest >= 0 for i in parts)
    assert all(i.total == payment for i in parts[:-1])
    bound = rates.fen(amount * daily_rate * 3) + CENT / 2 * q.days + CENT * term
    assert abs(parts[-1].total - payment) <= bound
    assert q.total_interest == sum(i.interest for i in parts)
    assert q.instalment_amount == payment


@given(amount=amounts, daily_rate=daily_rates, term=terms, start=starts, method=methods)
def test_every_method_repays_exactly_the_amount(
    amount: Decimal, daily_rate: Decimal, term: int, start: date, method: str
) -> None:
    q = rates.quote(
        amount=amount, daily_rate=daily_rate, term_months=term, method=method, start=start
    )
    assert sum(i.principal for i in q.instalments) == amount
    assert q.instalments[-1].principal_cumulative == amount
    assert all(i.principal >= 0 and i.interest >= 0 for i in q.instalments)
    dates = [i.due_date for i in q.instalments]
    assert dates == sorted(set(dates))
    assert dates[-1] == rates.add_months(start, term)
    assert dates[0] > start
    assert q.days == (dates[-1] - start).days
    if method == "equal_principal":
        assert len({i.principal for i in q.instalments[:-1]}) <= 1
    # Interest is the daily accrual: never more than a day's interest (plus half a fen
    # of rounding) per day on the whole amount.
    assert q.total_interest <= (rates.fen(amount * daily_rate) + CENT / 2) * q.days
    assert q.total_interest >= 0
    assert q.days <= timedelta(days=372 * term).days
