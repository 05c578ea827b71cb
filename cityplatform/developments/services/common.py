"""What the developments services share: error collection, text checks, the
workflow refusal, and the model validation that turns into per-field errors."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text

NOTE_MAX_LENGTH = 2000

Errors = dict[str, list[Any]]


def add_error(errors: Errors, field: str, message: Any, code: str, **params: Any) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def text_field(
    errors: Errors, field: str, value: Any, *, max_length: int, required: bool = True
) -> str:
    if value is not None and not isinstance(value, str):
        add_error(errors, field, _("Enter text."), "invalid")
        return ""
    text = clean_text(value)
    if required and not text:
        add_error(errors, field, _("This field is required."), "required")
    elif len(text) > max_length:
        add_error(
            errors, field, _("Enter at most %(max)d characters."), "max_length", max=max_length
        )
    return text


def note_text(errors: Errors, value: Any, *, required: bool = False) -> str:
    return text_field(errors, "note", value, max_length=NOTE_MAX_LENGTH, required=required)


def features_normalize(value: str | Iterable[Any] | None) -> list[Any]:
    """Feature tags from a list or from text separated by commas, 、 or spaces, trimmed
    and without repeats. What is left is checked by the model's validator."""
    if value is None:
        return []
    if isinstance(value, str):
        for separator in ("，", "、", ";", "；", "\n", " ", "\u3000"):
            value = value.replace(separator, ",")
        value = value.split(",")
    result: list[Any] = []
    for item in value:
        tag = clean_text(item) if isinstance(item, str) else item
        if tag == "":
            continue
        if tag not in result:
            result.append(tag)
    return result


def model_validate(obj: models.Model, errors: Errors, *, exclude: Iterable[str] = ()) -> None:
    """full_clean (field validators, clean(), unique and check constraints) merged into
    `errors`; raises if there is any error at all."""
    try:
        obj.full_clean(exclude=[*errors, *exclude])
    except ValidationError as exc:
        for field, messages in exc.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    raise_if(errors)


def refuse_transition(message: str, *, current: str) -> DomainError:
    """The 409 a service raises for a status change its workflow does not allow."""
    return DomainError("invalid_transition", message, status=409, current_status=current)
