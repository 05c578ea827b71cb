"""A child's guardians: who they are, how to reach them, and their situation
(working away, quarantined, hospitalised, deceased, unable). Phones are normalised, and
recorded in the child's history only masked."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cityplatform.audit.services import Action, audit_record
from cityplatform.children.models import Child, ChildEvent, Guardian
from cityplatform.core.validators import mask_phone, normalize_phone

from .common import Errors, check_actor_sees, choice, history_append, raise_if, text

Kind = ChildEvent.Kind


@dataclass(frozen=True)
class GuardianInput:
    name: str
    relation: str
    situation: str
    phone: str = ""
    note: str = ""


def check_guardian(errors: Errors, prefix: str, guardian: GuardianInput) -> GuardianInput:
    name = text(errors, f"{prefix}name", guardian.name, 32)
    choice(errors, f"{prefix}relation", guardian.relation, Guardian.Relation)
    choice(errors, f"{prefix}situation", guardian.situation, Guardian.Situation)
    note = text(errors, f"{prefix}note", guardian.note, 200, required=False)
    phone = ""
    if (guardian.phone or "").strip():
        try:
            phone = normalize_phone(guardian.phone)
        except ValidationError as exc:
            errors[f"{prefix}phone"] = exc.error_list
    return GuardianInput(
        name=name, relation=guardian.relation, situation=guardian.situation, phone=phone, note=note
    )


def guardian_add(
    *,
    actor: Any,
    child: Child,
    name: str,
    relation: str,
    situation: str,
    phone: str = "",
    note: str = "",
) -> Guardian:
    check_actor_sees(actor, child)
    errors: Errors = {}
    checked = check_guardian(
        errors,
        "",
        GuardianInput(name=name, relation=relation, situation=situation, phone=phone, note=note),
    )
    raise_if(errors)
    with transaction.atomic():
        Child.objects.select_for_update().filter(pk=child.pk).first()
        guardian = Guardian.objects.create(child=child, **checked.__dict__)
        history_append(
            child=child,
            actor=actor,
            kind=Kind.GUARDIAN_ADDED,
            changes={
                "name": {"to": guardian.name},
                "relation": {"to": guardian.relation},
                "situation": {"to": guardian.situation},
                "phone": {"to": mask_phone(guardian.phone) if guardian.phone else ""},
            },
            record_id=guardian.pk,
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=child, detail={"guardian_added": guardian.pk}
        )
    return guardian


def guardian_update(*, actor: Any, guardian: Guardian, **changes: Any) -> Guardian:
    """Change a guardian's name, relation, phone, situation or note (only those given)."""
    allowed = {"name", "relation", "situation", "phone", "note"}
    if set(changes) - allowed:
        raise TypeError(
            f"guardian_update() got unexpected fields: {sorted(set(changes) - allowed)}"
        )
    child = guardian.child
    check_actor_sees(actor, child)
    merged = GuardianInput(
        name=changes.get("name", guardian.name),
        relation=changes.get("relation", guardian.relation),
        situation=changes.get("situation", guardian.situation),
        phone=changes.get("phone", guardian.phone),
        note=changes.get("note", guardian.note),
    )
    errors: Errors = {}
    checked = check_guardian(errors, "", merged)
    raise_if(errors)
    with transaction.atomic():
        Child.objects.select_for_update().filter(pk=child.pk).first()
        locked = Guardian.objects.select_for_update().get(pk=guardian.pk)
        recorded: dict[str, Any] = {}
        for field, value in checked.__dict__.items():
            before = getattr(locked, field)
            if before != value:
                if field == "phone":
                    recorded[field] = {
                        "from": mask_phone(before) if before else "",
                        "to": mask_phone(value) if value else "",
                    }
                else:
                    recorded[field] = {"from": before, "to": value}
                setattr(locked, field, value)
        if recorded:
            locked.save()
            history_append(
                child=child,
                actor=actor,
                kind=Kind.GUARDIAN_UPDATED,
                changes=recorded,
                record_id=locked.pk,
            )
            audit_record(
                action=Action.UPDATE,
                actor=actor,
                obj=child,
                detail={"guardian_changed": locked.pk, "fields": sorted(recorded)},
            )
    return locked
