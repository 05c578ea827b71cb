"""Amounts as customers type them, refused with lending's own (translated) messages.

The ledger's `amount_parse` decides what is an amount; this wrapper only says why
not in words a borrower reads (Chinese in the UI), naming the field.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.ledger.money import amount_parse


def _message(code: str) -> str:
    messages = {
        "too_many_decimals": _("An amount has at most two decimal places (fen)."),
        "amount_too_large": _("The amount is too large."),
        "amount_not_positive": _("The amount must be greater than zero."),
    }
    return messages.get(code, _("Give the amount in yuan as a number such as 1000.00."))


def money_parse(value: Any, *, field: str = "amount") -> Decimal:
    """A positive amount with at most two places, or DomainError (422) saying why."""
    try:
        return amount_parse(value, field=field, positive=True)
    except DomainError as exc:
        raise DomainError(exc.code, _message(exc.code), status=422, field=field) from None


def yuan(amount: Decimal) -> str:
    """The API's form of money: a decimal string with two places."""
    return f"{amount:.2f}"
