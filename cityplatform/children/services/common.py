"""Helpers every registry service shares: permission checks, field checks, history."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import can_see
from cityplatform.children.access import require_place, require_registry_user
from cityplatform.children.models import Child, ChildEvent
from cityplatform.core.validators import clean_text
from cityplatform.places.models import Place

Errors = dict[str, list[Any]]


def check_actor_sees(actor: Any, obj: models.Model) -> None:
    """`actor` None is the platform itself (demo, background tasks): no checks."""
    if actor is None:
        return
    require_registry_user(actor)
    if not can_see(actor, obj):
        raise Http404


def check_actor_place(actor: Any, place: Place) -> None:
    if actor is not None:
        require_place(actor, place)


def check_village(errors: Errors, field: str, place: Place | None) -> None:
    if place is None:
        errors[field] = [ValidationError(_("Choose a village or community."), code="required")]
    elif place.level != Place.Level.VILLAGE:
        errors[field] = [
            ValidationError(_("Choose a village or community, not a town."), code="not_village")
        ]


def text(
    errors: Errors, field: str, value: str | None, max_length: int, *, required: bool = True
) -> str:
    cleaned = clean_text(value)
    if required and not cleaned:
        errors[field] = [ValidationError(_("This field is required."), code="required")]
    elif len(cleaned) > max_length:
        errors[field] = [
            ValidationError(
                _("Enter at most %(max)d characters."),
                code="max_length",
                params={"max": max_length},
            )
        ]
    return cleaned


def choice(errors: Errors, field: str, value: str, choices: type[models.TextChoices]) -> str:
    if value not in choices.values:
        errors[field] = [ValidationError(_("Choose one of the options."), code="invalid_choice")]
    return value


def not_future(
    errors: Errors, field: str, day: datetime.date | None, *, required: bool = True
) -> None:
    if day is None:
        if required:
            errors[field] = [ValidationError(_("This field is required."), code="required")]
    elif day > timezone.localdate():
        errors[field] = [ValidationError(_("This date is in the future."), code="future_date")]


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def actor_name(actor: Any) -> str:
    if actor is None:
        return ""
    return str(getattr(actor, "display_name", "") or actor.get_username())


def history_append(
    *,
    child: Child,
    actor: Any,
    kind: str,
    changes: dict[str, Any] | None = None,
    record_id: int | None = None,
) -> ChildEvent:
    return ChildEvent.objects.create(
        child=child,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor_name(actor),
        kind=kind,
        changes=changes or {},
        record_id=record_id,
    )


def refuse(message: Any) -> None:
    raise PermissionDenied(message)
