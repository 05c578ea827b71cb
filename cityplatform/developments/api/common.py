"""What the developments API modules share: the router, value types, money format."""

from decimal import Decimal
from typing import Literal

from ninja import Router

router = Router(tags=["developments"])

SaleStatusValue = Literal["upcoming", "on_sale", "sold_out"]
EnquiryStatusValue = Literal["new", "contacted", "closed"]
ContactTimeValue = Literal["any", "morning", "afternoon", "evening", "weekend"]


def money(value: Decimal | str | None) -> str | None:
    """Money and areas as decimal strings with two places ("8500.00"), never floats."""
    return None if value is None else f"{Decimal(value):.2f}"
