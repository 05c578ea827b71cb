"""Checks every volunteer service shares."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.core.validators import clean_text
from cityplatform.places.models import Place
from cityplatform.volunteers.models import MAX_HOURS_PER_RECORD

Errors = dict[str, list[ValidationError]]


def add_error(errors: Errors, field: str, message: Any, code: str, **params: Any) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def required_text(errors: Errors, field: str, value: str | None, max_length: int) -> str:
    text = clean_text(value)
    if not text:
        add_error(errors, field, _("This field is required."), "required")
    elif len(text) > max_length:
        add_error(
            errors, field, _("Enter at most %(max)d characters."), "max_length", max=max_length
        )
    return text


def parse_hours(errors: Errors, field: str, value: Any) -> Decimal | None:
    """Hours served in one record: a number above 0, at most 24, at most two decimals."""
    if value is None or value == "" or isinstance(value, bool):
        add_error(errors, field, _("Give the hours as a number such as 2 or 2.5."), "invalid")
        return None
    try:
        # str() of a float (a spreadsheet cell) is its shortest repr: 2.5 stays "2.5".
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        add_error(errors, field, _("Give the hours as a number such as 2 or 2.5."), "invalid")
        return None
    if not hours.is_finite():
        add_error(errors, field, _("Give the hours as a number such as 2 or 2.5."), "invalid")
        return None
    if hours <= 0:
        add_error(errors, field, _("Hours must be above 0."), "not_positive")
        return None
    if hours > MAX_HOURS_PER_RECORD:
        add_error(
            errors, field, _("One record holds at most 24 hours (one day's service)."), "too_many"
        )
        return None
    if hours != hours.quantize(Decimal("0.01")):
        add_error(errors, field, _("Give the hours with at most two decimals."), "precision")
        return None
    return hours.quantize(Decimal("0.01"))


def check_place(
    errors: Errors, field: str, place: Place | None, *, levels: tuple[int, ...], message: Any
) -> None:
    if place is None:
        add_error(errors, field, _("This field is required."), "required")
    elif place.level not in levels:
        add_error(errors, field, message, "wrong_level")
