"""Amounts of money as people and programs give them: parsed into two-place Decimals.

`amount_parse` accepts a Decimal, an int or a decimal string ("12.30", "1,000.00")
and refuses floats (binary fractions are not money), NaN, more than two decimal
places and amounts too large for the ledger's columns.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.ledger.models import AMOUNT_DIGITS, AMOUNT_PLACES

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10 ** (AMOUNT_DIGITS - AMOUNT_PLACES)) - CENT


def amount_parse(value: Any, *, field: str = "amount", positive: bool = False) -> Decimal:
    """The amount as a Decimal with two places, or DomainError (status 422) saying why."""
    if isinstance(value, (bool, float)):
        raise DomainError(
            "invalid_amount",
            _("Give the amount as a decimal number such as 12.30."),
            status=422,
            field=field,
        )
    if isinstance(value, str):
        value = value.strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(
            "invalid_amount",
            _("Give the amount as a decimal number such as 12.30."),
            status=422,
            field=field,
        ) from None
    if not amount.is_finite():
        raise DomainError(
            "invalid_amount", _("The amount must be a finite number."), status=422, field=field
        )
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_PLACES and amount != amount.quantize(CENT):
        raise DomainError(
            "too_many_decimals",
            _("An amount has at most two decimal places (fen)."),
            status=422,
            field=field,
        )
    # Before quantizing: 1e30 has no two-place form within Decimal's precision, and
    # quantize would raise InvalidOperation instead of saying the amount is too large.
    if abs(amount) > MAX_AMOUNT:
        raise DomainError(
            "amount_too_large", _("The amount is too large."), status=422, field=field
        )
    amount = amount.quantize(CENT)
    if positive and amount <= 0:
        raise DomainError(
            "amount_not_positive",
            _("The amount must be greater than zero."),
            status=422,
            field=field,
        )
    return amount
