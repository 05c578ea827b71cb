"""A child leaving the registry, and coming back.

A record is never deleted: closing it sets the day and the reason the child left
(turned 18, moved out of the county, guardianship restored for good, deceased, or
another reason with a note). A closed child raises no alarm and no overdue follow-up
on any dashboard, and is out of the default lists (a filter finds it). Reopening takes
a reason. Both are lines of the child's history and audited.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.children.models import Child, ChildEvent, ClosedReason
from cityplatform.core.errors import DomainError

from .common import Errors, check_actor_sees, choice, history_append, not_future, raise_if, text

ADULT_AGE = 18


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return (day.year - birth_date.year) - (
        (day.month, day.day) < (birth_date.month, birth_date.day)
    )


def _check_closing_day(
    errors: Errors, child: Child, reason: str, day: datetime.date | None
) -> None:
    not_future(errors, "closed_on", day)
    if day is None or "closed_on" in errors:
        return
    if day < child.registered_on:
        errors["closed_on"] = [
            ValidationError(
                _("The child cannot leave before being registered."), code="before_registration"
            )
        ]
    elif reason == ClosedReason.TURNED_18 and _age_on(child.birth_date, day) < ADULT_AGE:
        errors["closed_on"] = [
            ValidationError(_("The child is not 18 on this day."), code="not_adult")
        ]


def child_close(
    *,
    actor: Any,
    child: Child,
    reason: str,
    closed_on: datetime.date | None,
    note: str = "",
) -> Child:
    """Close the child's record: they left the registry on `closed_on` for `reason`
    (a ClosedReason; OTHER needs a note). 409 when the record is already closed."""
    check_actor_sees(actor, child)
    errors: Errors = {}
    choice(errors, "closed_reason", reason, ClosedReason)
    note = text(errors, "closed_note", note, 200, required=reason == ClosedReason.OTHER)
    _check_closing_day(errors, child, reason, closed_on)
    raise_if(errors)
    assert closed_on is not None
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        if locked.is_closed:
            raise DomainError(
                "already_closed", str(_("This record is already closed.")), status=409
            )
        locked.closed_on = closed_on
        locked.closed_reason = reason
        locked.closed_note = note
        locked.save(update_fields=["closed_on", "closed_reason", "closed_note", "updated_at"])
        changes: dict[str, Any] = {
            "closed_reason": {"to": reason},
            "closed_on": {"to": closed_on.isoformat()},
        }
        if note:
            changes["closed_note"] = {"to": note}
        history_append(child=locked, actor=actor, kind=ChildEvent.Kind.CLOSED, changes=changes)
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"closed": reason, "closed_on": closed_on.isoformat()},
        )
    return locked


def child_reopen(*, actor: Any, child: Child, reason: str) -> Child:
    """Reopen a closed record (the child is back in the registry); the reason is kept in
    the history with the closing it undoes. 409 when the record is open."""
    check_actor_sees(actor, child)
    errors: Errors = {}
    reason = text(errors, "reason", reason, 200)
    raise_if(errors)
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        if not locked.is_closed:
            raise DomainError("not_closed", str(_("This record is not closed.")), status=409)
        assert locked.closed_on is not None
        changes = {
            "closed_reason": {"from": locked.closed_reason, "to": ""},
            "closed_on": {"from": locked.closed_on.isoformat(), "to": ""},
            "reopen_reason": {"to": reason},
        }
        locked.closed_on = None
        locked.closed_reason = ""
        locked.closed_note = ""
        locked.save(update_fields=["closed_on", "closed_reason", "closed_note", "updated_at"])
        history_append(child=locked, actor=actor, kind=ChildEvent.Kind.REOPENED, changes=changes)
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"reopened": True})
    return locked
