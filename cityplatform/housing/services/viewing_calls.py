"""Calls staff owe buyers whose viewings the platform cancelled.

When a home leaves the market (withdrawal, expiry, sale) its viewings still to come
are cancelled in the same transaction (services.market_exit). The buyer booked by
phone and is only a name and a number with us, with no demand and so no message
channel: the viewing's staff member calls them. `viewing_calls_create` writes one
`ViewingCall` per cancelled viewing in that transaction, so the call exists exactly
when the cancellation commits (and never for one rolled back); the console lists the
staff member's open calls until `viewing_call_done` records the call.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.housing.models import Viewing, ViewingCall
from cityplatform.housing.services.common import Errors, clean_note, raise_if, require_staff


def viewing_calls_create(viewings: Iterable[Viewing], *, reason: str, now: datetime) -> int:
    """A call to make for each (just cancelled) viewing, to its staff member; returns
    how many. Called inside the cancelling transaction."""
    calls = ViewingCall.objects.bulk_create(
        (
            ViewingCall(viewing_id=v.pk, staff_id=v.staff_id, reason=reason, created_at=now)
            for v in viewings
        ),
        ignore_conflicts=True,  # a viewing is cancelled once; never two calls for it
    )
    return len(calls)


def viewing_call_done(*, call: ViewingCall, actor: Any, note: str = "") -> ViewingCall:
    """The buyer was called (by the viewing's staff member or a colleague of the same
    district). Refused (409 "already_called") when someone recorded it first."""
    errors: Errors = {}
    text = clean_note(errors, note)
    raise_if(errors)
    place = Viewing.objects.filter(pk=call.viewing_id).values_list("listing__place", flat=True)
    require_staff(actor, place.get())
    with transaction.atomic():
        locked = ViewingCall.objects.select_for_update(of=("self",)).get(pk=call.pk)
        if not locked.is_open:
            raise DomainError(
                "already_called",
                gettext("This buyer has already been called."),
                status=409,
            )
        locked.called_at = timezone.now()
        locked.called_by = actor
        locked.note = text
        locked.save(update_fields=["called_at", "called_by", "note"])
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"viewing": locked.viewing_id, "called": True},
        )
    for field in ("called_at", "called_by_id", "note"):
        setattr(call, field, getattr(locked, field))
    return locked
