"""The hotline: logging a call, the first response, and escalating calls left unanswered."""

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.children.models import (
    RESPONSE_TIME,
    Child,
    ChildEvent,
    Escalation,
    HotlineCall,
    HotlineCallEvent,
    Urgency,
)
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import normalize_phone
from cityplatform.places.models import Place

from .common import (
    Errors,
    check_actor_place,
    check_actor_sees,
    choice,
    history_append,
    raise_if,
    text,
)

logger = logging.getLogger(__name__)


def hotline_call_log(
    *,
    actor: Any,
    concern: str,
    urgency: str,
    place: Place | None = None,
    child: Child | None = None,
    caller_name: str = "",
    caller_phone: str = "",
    received_at: datetime.datetime | None = None,
) -> HotlineCall:
    """Log a call and route it: to the child's village when the child is known, else to
    the village (or town) the caller named."""
    if child is not None:
        check_actor_sees(actor, child)
    errors: Errors = {}
    if child is not None:
        if place is not None and place.pk != child.village_id:
            errors["place"] = [
                ValidationError(
                    _(
                        "The child lives in another village: leave the place empty or choose theirs."
                    ),
                    code="place_mismatch",
                )
            ]
        place = child.village
    if place is None:
        errors["place"] = [
            ValidationError(_("Choose the village or town the call is about."), code="required")
        ]
    elif place.level not in (Place.Level.TOWN, Place.Level.VILLAGE):
        errors["place"] = [
            ValidationError(_("Choose a village, community or town."), code="invalid_level")
        ]
    else:
        check_actor_place(actor, place)
    concern = text(errors, "concern", concern, 4000)
    choice(errors, "urgency", urgency, Urgency)
    caller_name = text(errors, "caller_name", caller_name, 32, required=False)
    phone = ""
    if (caller_phone or "").strip():
        try:
            phone = normalize_phone(caller_phone)
        except ValidationError as exc:
            errors["caller_phone"] = exc.error_list
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + datetime.timedelta(minutes=5):
        errors["received_at"] = [ValidationError(_("This time is in the future."), code="future")]
    raise_if(errors)
    assert place is not None
    with transaction.atomic():
        call = HotlineCall.objects.create(
            received_at=received_at,
            caller_name=caller_name,
            caller_phone=phone,
            concern=concern,
            urgency=urgency,
            child=child,
            place=place,
            due_at=received_at + RESPONSE_TIME[Urgency(urgency)],
            logged_by=actor,
        )
        HotlineCallEvent.objects.create(call=call, kind=HotlineCallEvent.Kind.LOGGED, actor=actor)
        if child is not None:
            history_append(
                child=child,
                actor=actor,
                kind=ChildEvent.Kind.HOTLINE_CALL,
                changes={"urgency": {"to": urgency}},
                record_id=call.pk,
            )
        audit_record(action=Action.CREATE, actor=actor, obj=call)
    return call


def hotline_call_respond(*, actor: Any, call: HotlineCall, note: str) -> HotlineCall:
    """The first response to a call: who, when, what was done. Later notes are refused (409)."""
    check_actor_sees(actor, call)
    errors: Errors = {}
    note = text(errors, "note", note, 4000)
    raise_if(errors)
    with transaction.atomic():
        locked = HotlineCall.objects.select_for_update().get(pk=call.pk)
        if locked.first_response_at is not None:
            raise DomainError(
                "already_responded",
                str(_("Someone has already responded to this call.")),
                status=409,
            )
        locked.first_response_at = max(timezone.now(), locked.received_at)
        locked.responded_by = actor
        locked.response_note = note
        locked.save(update_fields=["first_response_at", "responded_by", "response_note"])
        HotlineCallEvent.objects.create(
            call=locked, kind=HotlineCallEvent.Kind.RESPONDED, actor=actor, note=note
        )
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"responded": True})
    return locked


def hotline_calls_escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """Escalate unanswered calls: past their due time to the town, past twice the
    response time to the county. Returns how many calls moved up a level."""
    now = now or timezone.now()
    moved = 0
    open_calls = HotlineCall.objects.filter(
        first_response_at__isnull=True, due_at__lt=now, escalation__lt=Escalation.COUNTY
    ).values_list("pk", flat=True)
    for pk in list(open_calls):
        with transaction.atomic():
            # Re-read under lock: a response may have come in since the list was made.
            call = HotlineCall.objects.select_for_update().get(pk=pk)
            if call.first_response_at is not None:
                continue
            county_due = call.due_at + RESPONSE_TIME[Urgency(call.urgency)]
            level = Escalation.COUNTY if now >= county_due else Escalation.TOWN
            if level <= call.escalation:
                continue
            call.escalation = level
            call.escalated_at = now
            call.save(update_fields=["escalation", "escalated_at"])
            HotlineCallEvent.objects.create(
                call=call, kind=HotlineCallEvent.Kind.ESCALATED, escalation=level
            )
            moved += 1
    if moved:
        # Record numbers only: the log never carries a caller or a child.
        logger.info("Escalated %d unanswered hotline calls.", moved)
    return moved
