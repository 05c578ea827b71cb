"""Interest arithmetic, in Decimal, with no database: rates, daily interest, schedules.

A daily rate is a fraction (0.00015 is 0.015 % a day). Its annualised rate (年化利率,
单利) is the daily rate times 365, as the PBOC's 2021 notice asks every loan page to
show: 0.015 %/day → 5.475 %. Interest accrues on each day's outstanding principal and
is rounded to the fen, half up, every day; the close of business computes the same
figure in SQL (see `services.close_of_business`), and the tests hold the two equal.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
DAYS_PER_YEAR = 365
HUNDRED = Decimal(100)


def annual_rate(daily_rate: Decimal) -> Decimal:
    """The simple annualised rate of a daily rate (both fractions)."""
    return daily_rate * DAYS_PER_YEAR


def as_percent(rate: Decimal, *, min_places: int = 2) -> str:
    """A fraction as a percentage string without trailing noise: 0.05475 → '5.475'."""
    value = (rate * HUNDRED).normalize()
    exponent = value.as_tuple().exponent
    places = max(min_places, -exponent if isinstance(exponent, int) else 0)
    return f"{value:.{places}f}"


def daily_percent(daily_rate: Decimal) -> str:
    return as_percent(daily_rate, min_places=3)


def annual_percent(daily_rate: Decimal) -> str:
    return as_percent(annual_rate(daily_rate), min_places=2)


def percent_to_rate(percent: Decimal) -> Decimal:
    """What an officer types (0.015, per cent a day) as the stored fraction."""
    return (percent / HUNDRED).quantize(Decimal("0.00000001"))


def fen(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def daily_interest(principal: Decimal, daily_rate: Decimal) -> Decimal:
    """One day's interest on `principal`, rounded to the fen half up."""
    return fen(principal * daily_rate)


def penalty_rate(daily_rate: Decimal, multiplier: Decimal) -> Decimal:
    return (daily_rate * multiplier).quantize(Decimal("0.00000001"), rounding=ROUND_HALF_UP)


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


@dataclass(frozen=True)
class Instalment:
    seq: int
    due_date: date
    principal: Decimal
    # Principal due in total up to and including this instalment.
    principal_cumulative: Decimal
    interest: Decimal = Decimal("0.00")

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def principal_schedule(
    *, amount: Decimal, term_months: int, method: str, start: date
) -> list[Instalment]:
    """Due dates and principal per instalment (interest is what accrues until each date).

    - monthly_interest: interest every month, the principal with the last instalment;
    - equal_principal: the principal in equal monthly parts (the last takes the odd fen);
    - bullet: principal and interest in one sum at maturity.
    """
    if method == "bullet":
        return [Instalment(1, add_months(start, term_months), amount, amount)]
    if method == "equal_principal":
        part = (amount / term_months).quantize(CENT, rounding=ROUND_DOWN)
        parts = [part] * (term_months - 1) + [amount - part * (term_months - 1)]
    elif method == "monthly_interest":
        parts = [Decimal("0.00")] * (term_months - 1) + [amount]
    else:
        raise ValueError(f"unknown repayment method {method!r}")
    result, cumulative = [], Decimal("0.00")
    for seq, principal in enumerate(parts, start=1):
        cumulative += principal
        result.append(Instalment(seq, add_months(start, seq), principal, cumulative))
    return result


@dataclass(frozen=True)
class Quote:
    """What a draw costs if every instalment is paid on its due date."""

    amount: Decimal
    daily_rate: Decimal
    first_day_interest: Decimal
    total_interest: Decimal
    instalments: list[Instalment]
    days: int

    @property
    def total_repayable(self) -> Decimal:
        return self.amount + self.total_interest


def quote(
    *, amount: Decimal, daily_rate: Decimal, term_months: int, method: str, start: date
) -> Quote:
    """Accrue day by day as the close of business will, assuming every instalment is paid
    on its due date: interest counts from the draw's day up to the day before each due
    date (a repayment during the due date comes before that day's close of business)."""
    plan = principal_schedule(amount=amount, term_months=term_months, method=method, start=start)
    outstanding = amount
    day = start
    total = Decimal("0.00")
    priced: list[Instalment] = []
    for inst in plan:
        interest = Decimal("0.00")
        while day < inst.due_date:
            interest += daily_interest(outstanding, daily_rate)
            day += timedelta(days=1)
        outstanding -= inst.principal
        total += interest
        priced.append(
            Instalment(inst.seq, inst.due_date, inst.principal, inst.principal_cumulative, interest)
        )
    return Quote(
        amount=amount,
        daily_rate=daily_rate,
        first_day_interest=daily_interest(amount, daily_rate),
        total_interest=total,
        instalments=priced,
        days=(plan[-1].due_date - start).days,
    )
