"""Column types for lending: money and daily rates, exact on every database.

Both are `ExactDecimalField`s (see `cityplatform.ledger.fields`): numeric on
PostgreSQL, a scaled integer on SQLite. The close of business computes interest in
SQL on both, so exactness in the column matters, not only in Python.
"""

from typing import Any

from django.db.models import Value

from cityplatform.ledger.fields import ExactDecimalField, MoneyField

# A daily rate as a fraction: 0.00015000 is 0.015 % a day (1.5 yuan per 10,000).
RATE_PLACES = 8
RATE_SCALE = 10**RATE_PLACES


class DailyRateField(ExactDecimalField):
    """A daily interest rate as a fraction with eight places (0.00015000 = 0.015 %/day)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # 18, not 10: on SQLite the column holds the scaled integer (15000 for 0.00015),
        # and Django's SQLite decimal converter quantizes that to 8 places within
        # max_digits before the field scales it back.
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", RATE_PLACES)
        super().__init__(*args, **kwargs)


def money_value(amount: Any) -> Value:
    """An amount inside an expression (`F("balance") + money_value(x)`).

    A bare Decimal in an F() expression is sent as it is, but on SQLite a MoneyField
    column holds fen: `F("balance") + Decimal("100.00")` would add one yuan. Typed as
    MoneyField, the value is scaled like the column it meets.
    """
    return Value(amount, output_field=MoneyField())


__all__ = ["RATE_PLACES", "RATE_SCALE", "DailyRateField", "MoneyField", "money_value"]
