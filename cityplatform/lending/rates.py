"""Interest arithmetic, in Decimal, with no database: rates, daily interest, schedules.

A daily rate is a fraction (0.00015 is 0.015 % a day). Its annualised rate (年化利率,
单利) is the daily rate times 365, as the PBOC's 2021 notice asks every loan page to
show: 0.015 %/day → 5.475 %. Interest accrues on each day's outstanding principal and
is rounded to the fen, half up, every day; the close of business computes the same
figure in SQL (see `services.close_of_business`), and the tests hold the two equal.

Repayment methods and how a schedule meets daily accrual:

- monthly_interest (按月付息到期还本): each month the interest accrued; the principal
  with the last instalment.
- equal_principal (等额本金): the principal in equal monthly parts (the last takes the
  odd fen) plus the interest accrued on what is left.
- equal_instalment (等额本息): the same total every month. The instalment is the
  annuity of the amount at the monthly-equivalent rate (daily × 365 / 12, the simple
  annualised rate over twelve months), rounded to the fen half up. Interest still
  accrues by the day on the actual principal, so the schedule's interest figures are
  the expected ones; on each due date the instalment's interest part is the interest
  actually accrued in its period, its principal part is the instalment less that
  interest (never below zero, never more than is left), and the final instalment
  clears everything, absorbing the rounding and the differences between months of
  28 to 31 days. Principal repaid early counts against the next instalments'
  principal parts, as with the other methods.
- bullet (到期一次还本付息): principal and interest in one sum at maturity.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

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


EQUAL_INSTALMENT = "equal_instalment"
MONTHS_PER_YEAR = 12
ZERO = Decimal("0.00")


def monthly_rate(daily_rate: Decimal) -> Decimal:
    """The monthly-equivalent rate of a daily rate: daily × 365 / 12, unrounded."""
    return daily_rate * DAYS_PER_YEAR / MONTHS_PER_YEAR


def level_instalment(*, amount: Decimal, daily_rate: Decimal, term_months: int) -> Decimal:
    """等额本息: the equal monthly total that repays `amount` with interest in
    `term_months` instalments at the monthly-equivalent rate, to the fen half up."""
    rate = monthly_rate(daily_rate)
    with localcontext() as ctx:
        ctx.prec = 40
        growth = (1 + rate) ** term_months
        return fen(amount * rate * growth / (growth - 1))


@dataclass(frozen=True)
class Instalment:
    seq: int
    due_date: date
    principal: Decimal
    # Principal due in total up to and including this instalment.
    principal_cumulative: Decimal
    interest: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def _due_dates(start: date, term_months: int) -> list[date]:
    return [add_months(start, seq) for seq in range(1, term_months + 1)]


def _with_cumulative(
    dates: list[date], parts: list[Decimal], interest: list[Decimal] | None = None
) -> list[Instalment]:
    result, cumulative = [], ZERO
    for seq, (due, principal) in enumerate(zip(dates, parts, strict=True), start=1):
        cumulative += principal
        charge = interest[seq - 1] if interest else ZERO
        result.append(Instalment(seq, due, principal, cumulative, charge))
    return result


def level_principal_part(instalment: Decimal, interest: Decimal, left: Decimal) -> Decimal:
    """An equal instalment's principal part: what the instalment leaves after the
    period's interest, never below zero nor above the principal left."""
    return min(left, max(ZERO, instalment - interest))


def equal_instalment_plan(
    *, amount: Decimal, daily_rate: Decimal, term_months: int, start: date
) -> list[Instalment]:
    """The expected 等额本息 schedule at the monthly-equivalent rate: each month's
    interest is the principal left times that rate (to the fen), its principal the
    instalment less that interest; the last instalment takes all that is left."""
    payment = level_instalment(amount=amount, daily_rate=daily_rate, term_months=term_months)
    rate = monthly_rate(daily_rate)
    left = amount
    parts, charges = [], []
    for seq in range(1, term_months + 1):
        interest = fen(left * rate)
        principal = left if seq == term_months else level_principal_part(payment, interest, left)
        parts.append(principal)
        charges.append(interest)
        left -= principal
    return _with_cumulative(_due_dates(start, term_months), parts, charges)


def principal_schedule(
    *,
    amount: Decimal,
    term_months: int,
    method: str,
    start: date,
    daily_rate: Decimal | None = None,
) -> list[Instalment]:
    """Due dates and principal per instalment (see the module's docstring for each
    method; `daily_rate` is needed for equal_instalment only)."""
    if method == "bullet":
        return [Instalment(1, add_months(start, term_months), amount, amount)]
    if method == "equal_principal":
        part = (amount / term_months).quantize(CENT, rounding=ROUND_DOWN)
        parts = [part] * (term_months - 1) + [amount - part * (term_months - 1)]
    elif method == "monthly_interest":
        parts = [ZERO] * (term_months - 1) + [amount]
    elif method == EQUAL_INSTALMENT:
        if daily_rate is None:
            raise ValueError("an equal-instalment schedule needs the daily rate")
        return equal_instalment_plan(
            amount=amount, daily_rate=daily_rate, term_months=term_months, start=start
        )
    else:
        raise ValueError(f"unknown repayment method {method!r}")
    return _with_cumulative(_due_dates(start, term_months), parts)


@dataclass(frozen=True)
class Quote:
    """What a draw costs if every instalment is paid on its due date."""

    amount: Decimal
    daily_rate: Decimal
    first_day_interest: Decimal
    total_interest: Decimal
    instalments: list[Instalment]
    days: int
    method: str = ""
    # 等额本息 only: the equal monthly total.
    instalment_amount: Decimal | None = None

    @property
    def total_repayable(self) -> Decimal:
        return self.amount + self.total_interest


def quote(
    *, amount: Decimal, daily_rate: Decimal, term_months: int, method: str, start: date
) -> Quote:
    """Accrue day by day as the close of business will, assuming every instalment is paid
    on its due date: interest counts from the draw's day up to the day before each due
    date (a repayment during the due date comes before that day's close of business).

    For equal instalments each principal part is the instalment less the interest
    accrued in its period, as the due processing will set it; the last clears the rest.
    """
    plan = principal_schedule(
        amount=amount, term_months=term_months, method=method, start=start, daily_rate=daily_rate
    )
    payment = (
        level_instalment(amount=amount, daily_rate=daily_rate, term_months=term_months)
        if method == EQUAL_INSTALMENT
        else None
    )
    outstanding = amount
    day = start
    total = ZERO
    cumulative = ZERO
    priced: list[Instalment] = []
    for inst in plan:
        interest = ZERO
        while day < inst.due_date:
            interest += daily_interest(outstanding, daily_rate)
            day += timedelta(days=1)
        principal = inst.principal
        if payment is not None:
            last = inst.seq == len(plan)
            principal = (
                outstanding if last else level_principal_part(payment, interest, outstanding)
            )
        outstanding -= principal
        cumulative += principal
        total += interest
        priced.append(Instalment(inst.seq, inst.due_date, principal, cumulative, interest))
    return Quote(
        amount=amount,
        daily_rate=daily_rate,
        first_day_interest=daily_interest(amount, daily_rate),
        total_interest=total,
        instalments=priced,
        days=(plan[-1].due_date - start).days,
        method=method,
        instalment_amount=payment,
    )
