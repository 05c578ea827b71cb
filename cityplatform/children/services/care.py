"""Care for a child: arrangements, visits and their follow-ups, counselling, assistance.

Each write locks the child's row first (the one fixed order: child, then the record),
appends a line to the child's history and an audit entry, all in one transaction.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.children.access import may_take_fallback_guardianship
from cityplatform.children.daily_reports import refresh_report_flags_on_commit
from cityplatform.children.models import (
    PROTECTION_CENTRE,
    Assistance,
    AssistanceItem,
    CareArrangement,
    Child,
    ChildEvent,
    CounsellingSession,
    Visit,
)
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone, normalize_phone

from .common import Errors, check_actor_sees, choice, history_append, not_future, raise_if, text

Kind = ChildEvent.Kind
# An arrangement may be agreed a little ahead of the day it starts.
MAX_DAYS_AHEAD = 30
MAX_CASH = Decimal("1000000.00")
MAX_ITEMS = 20


def _lock_child(child: Child) -> Child:
    return Child.objects.select_for_update().get(pk=child.pk)


def arrangement_start(
    *,
    actor: Any,
    child: Child,
    kind: str,
    responsible_person: str,
    starts_on: datetime.date | None,
    carer: str = "",
    responsible_phone: str = "",
    ends_on: datetime.date | None = None,
    note: str = "",
) -> CareArrangement:
    """Arrange temporary care, or (protection centre) take on fallback guardianship."""
    check_actor_sees(actor, child)
    errors: Errors = {}
    choice(errors, "kind", kind, CareArrangement.Kind)
    if kind == CareArrangement.Kind.FALLBACK:
        if actor is not None and not may_take_fallback_guardianship(actor):
            raise DomainError(
                "forbidden",
                str(
                    _("Only the protection centre or the bureau may take on fallback guardianship.")
                ),
                status=403,
            )
        carer = PROTECTION_CENTRE
    carer = text(errors, "carer", carer, 100)
    responsible_person = text(errors, "responsible_person", responsible_person, 32)
    phone = ""
    if (responsible_phone or "").strip():
        try:
            phone = normalize_phone(responsible_phone)
        except ValidationError as exc:
            errors["responsible_phone"] = exc.error_list
    note = text(errors, "note", note, 200, required=False)
    today = timezone.localdate()
    if starts_on is None:
        errors["starts_on"] = [ValidationError(_("This field is required."), code="required")]
    elif starts_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors["starts_on"] = [
            ValidationError(
                _("An arrangement may start at most %(days)d days ahead."),
                code="too_far_ahead",
                params={"days": MAX_DAYS_AHEAD},
            )
        ]
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [
            ValidationError(_("The end is before the start."), code="ends_before_start")
        ]
    raise_if(errors)
    assert starts_on is not None
    with transaction.atomic():
        locked = _lock_child(child)
        arrangement = CareArrangement.objects.create(
            child=locked,
            kind=kind,
            carer=carer,
            responsible_person=responsible_person,
            responsible_phone=phone,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note,
            created_by=actor,
        )
        history_append(
            child=locked,
            actor=actor,
            kind=Kind.ARRANGEMENT_STARTED,
            changes={
                "kind": {"to": kind},
                "carer": {"to": carer},
                "starts_on": {"to": starts_on.isoformat()},
                "ends_on": {"to": ends_on.isoformat() if ends_on else None},
                "responsible_phone": {"to": mask_phone(phone) if phone else ""},
            },
            record_id=arrangement.pk,
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"arrangement_started": arrangement.pk},
        )
        # The child is placed from that day: a flag on that day's zero report may clear.
        refresh_report_flags_on_commit(locked.village_id, starts_on)
    return arrangement


def arrangement_end(
    *, actor: Any, arrangement: CareArrangement, ends_on: datetime.date | None, reason: str
) -> CareArrangement:
    check_actor_sees(actor, arrangement)
    errors: Errors = {}
    reason = text(errors, "end_reason", reason, 200)
    not_future(errors, "ends_on", ends_on)
    raise_if(errors)
    assert ends_on is not None
    with transaction.atomic():
        child = _lock_child(arrangement.child)
        locked = CareArrangement.objects.select_for_update().get(pk=arrangement.pk)
        if locked.ends_on is not None and locked.ends_on <= timezone.localdate():
            raise DomainError(
                "already_ended", str(_("This arrangement has already ended.")), status=409
            )
        if ends_on < locked.starts_on:
            raise ValidationError(
                {
                    "ends_on": [
                        ValidationError(_("The end is before the start."), code="ends_before_start")
                    ]
                }
            )
        locked.ends_on = ends_on
        locked.end_reason = reason
        locked.save(update_fields=["ends_on", "end_reason"])
        history_append(
            child=child,
            actor=actor,
            kind=Kind.ARRANGEMENT_ENDED,
            changes={"ends_on": {"to": ends_on.isoformat()}, "end_reason": {"to": reason}},
            record_id=locked.pk,
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=child, detail={"arrangement_ended": locked.pk}
        )
    return locked


def visit_record(
    *,
    actor: Any,
    child: Child,
    visited_on: datetime.date | None,
    visitor_name: str,
    visitor_kind: str,
    findings: str,
    follow_up: str = "",
    follow_up_by: datetime.date | None = None,
) -> Visit:
    check_actor_sees(actor, child)
    errors: Errors = {}
    not_future(errors, "visited_on", visited_on)
    visitor_name = text(errors, "visitor_name", visitor_name, 64)
    choice(errors, "visitor_kind", visitor_kind, Visit.VisitorKind)
    findings = text(errors, "findings", findings, 4000)
    follow_up = text(errors, "follow_up", follow_up, 200, required=False)
    if follow_up and follow_up_by is None:
        errors["follow_up_by"] = [
            ValidationError(_("Give the date the follow-up is needed by."), code="required")
        ]
    if follow_up_by is not None and not follow_up:
        errors["follow_up"] = [
            ValidationError(_("Say what has to be followed up."), code="required")
        ]
    if follow_up_by is not None and visited_on is not None and follow_up_by < visited_on:
        errors["follow_up_by"] = [
            ValidationError(_("The follow-up date is before the visit."), code="before_visit")
        ]
    raise_if(errors)
    assert visited_on is not None
    with transaction.atomic():
        locked = _lock_child(child)
        visit = Visit.objects.create(
            child=locked,
            visited_on=visited_on,
            visitor_name=visitor_name,
            visitor_kind=visitor_kind,
            findings=findings,
            follow_up=follow_up,
            follow_up_by=follow_up_by,
            recorded_by=actor,
        )
        history_append(
            child=locked,
            actor=actor,
            kind=Kind.VISIT,
            changes={
                "visited_on": {"to": visited_on.isoformat()},
                "follow_up_by": {"to": follow_up_by.isoformat() if follow_up_by else None},
            },
            record_id=visit.pk,
        )
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"visit": visit.pk})
    return visit


def follow_up_complete(*, actor: Any, visit: Visit, done_on: datetime.date | None = None) -> Visit:
    check_actor_sees(actor, visit)
    done_on = done_on or timezone.localdate()
    errors: Errors = {}
    not_future(errors, "done_on", done_on)
    raise_if(errors)
    with transaction.atomic():
        child = _lock_child(visit.child)
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.follow_up_by is None:
            raise DomainError("no_follow_up", str(_("This visit needs no follow-up.")), status=409)
        if locked.follow_up_done_on is not None:
            raise DomainError("already_done", str(_("This follow-up is already done.")), status=409)
        locked.follow_up_done_on = max(done_on, locked.visited_on)
        locked.follow_up_done_by = actor
        locked.save(update_fields=["follow_up_done_on", "follow_up_done_by"])
        history_append(
            child=child,
            actor=actor,
            kind=Kind.FOLLOW_UP_DONE,
            changes={"follow_up_done_on": {"to": locked.follow_up_done_on.isoformat()}},
            record_id=locked.pk,
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=child, detail={"follow_up_done": locked.pk}
        )
    return locked


def counselling_record(
    *,
    actor: Any,
    child: Child,
    held_on: datetime.date | None,
    counsellor: str,
    mode: str,
    notes: str = "",
) -> CounsellingSession:
    check_actor_sees(actor, child)
    errors: Errors = {}
    not_future(errors, "held_on", held_on)
    counsellor = text(errors, "counsellor", counsellor, 100)
    choice(errors, "mode", mode, CounsellingSession.Mode)
    notes = text(errors, "notes", notes, 4000, required=False)
    raise_if(errors)
    assert held_on is not None
    with transaction.atomic():
        locked = _lock_child(child)
        session = CounsellingSession.objects.create(
            child=locked,
            held_on=held_on,
            counsellor=counsellor,
            mode=mode,
            notes=notes,
            recorded_by=actor,
        )
        history_append(
            child=locked,
            actor=actor,
            kind=Kind.COUNSELLING,
            changes={"held_on": {"to": held_on.isoformat()}, "mode": {"to": mode}},
            record_id=session.pk,
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"counselling": session.pk}
        )
    return session


@dataclass(frozen=True)
class ItemInput:
    item: str
    quantity: int
    unit: str = ""


def _check_cash(errors: Errors, value: Any) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        errors["cash_amount"] = [ValidationError(_("Enter an amount in yuan."), code="invalid")]
        return Decimal("0.00")
    if not amount.is_finite() or amount < 0 or amount > MAX_CASH:
        errors["cash_amount"] = [
            ValidationError(_("Enter an amount between 0 and 1,000,000 yuan."), code="out_of_range")
        ]
    elif amount != amount.quantize(Decimal("0.01")):
        errors["cash_amount"] = [
            ValidationError(_("Enter the amount to the fen (two decimals)."), code="invalid")
        ]
    else:
        return amount.quantize(Decimal("0.01"))
    return Decimal("0.00")


def assistance_record(
    *,
    actor: Any,
    child: Child,
    given_on: datetime.date | None,
    given_by: str,
    items: Iterable[ItemInput] = (),
    cash_amount: Decimal | str | int = Decimal("0.00"),
    cash_purpose: str = "",
    note: str = "",
) -> Assistance:
    """Items (masks, schoolbags, stationery) and/or cash (慰问金) given to a child."""
    check_actor_sees(actor, child)
    errors: Errors = {}
    not_future(errors, "given_on", given_on)
    given_by = text(errors, "given_by", given_by, 100)
    amount = _check_cash(errors, cash_amount)
    cash_purpose = text(errors, "cash_purpose", cash_purpose, 32, required=False)
    note = text(errors, "note", note, 200, required=False)
    checked: list[ItemInput] = []
    for index, entry in enumerate(items):
        prefix = f"items.{index}."
        name = text(errors, f"{prefix}item", entry.item, 32)
        unit = text(errors, f"{prefix}unit", entry.unit, 8, required=False)
        if not isinstance(entry.quantity, int) or not 1 <= entry.quantity <= 100_000:
            errors[f"{prefix}quantity"] = [
                ValidationError(_("Enter a quantity from 1 to 100,000."), code="out_of_range")
            ]
        checked.append(ItemInput(item=name, quantity=entry.quantity, unit=unit))
    if len(checked) > MAX_ITEMS:
        errors["items"] = [
            ValidationError(
                _("Give at most %(max)d items."), code="too_many", params={"max": MAX_ITEMS}
            )
        ]
    if not checked and amount == 0 and "cash_amount" not in errors:
        errors["__all__"] = [
            ValidationError(_("Give at least one item or a cash amount."), code="empty")
        ]
    raise_if(errors)
    assert given_on is not None
    with transaction.atomic():
        locked = _lock_child(child)
        assistance = Assistance.objects.create(
            child=locked,
            given_on=given_on,
            given_by=given_by,
            cash_amount=amount,
            cash_purpose=cash_purpose,
            note=note,
            recorded_by=actor,
        )
        AssistanceItem.objects.bulk_create(
            AssistanceItem(assistance=assistance, item=i.item, quantity=i.quantity, unit=i.unit)
            for i in checked
        )
        history_append(
            child=locked,
            actor=actor,
            kind=Kind.ASSISTANCE,
            changes={
                "items": {"to": [f"{i.item}×{i.quantity}{i.unit}" for i in checked]},
                "cash_amount": {"to": str(amount)},
            },
            record_id=assistance.pk,
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"assistance": assistance.pk}
        )
    return assistance
