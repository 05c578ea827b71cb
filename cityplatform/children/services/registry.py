"""Registering children and changing their records and guardians.

Every function checks all of its input first (all field errors at once, as a
ValidationError keyed by field), then writes the record, its history line and an
audit entry in one transaction. A change of guardianship to "lacking" is recorded as a
finding for the day, which the daily zero report counts.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.children.daily_reports import refresh_report_flags_on_commit
from cityplatform.children.identity import (
    id_number_check_birth_date,
    id_number_index,
    id_number_mask,
    id_number_normalize,
)
from cityplatform.children.models import (
    CATEGORY_FIELDS,
    LACKING,
    Category,
    Child,
    ChildEvent,
    Guardian,
    Guardianship,
    LackingCareFinding,
    Sex,
)
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place

from .common import (
    Errors,
    check_actor_place,
    check_actor_sees,
    check_village,
    choice,
    history_append,
    not_future,
    raise_if,
    text,
)
from .guardians import GuardianInput, check_guardian

# The oldest a registered child may be: the registry is for minors.
MAX_AGE_YEARS = 18
Kind = ChildEvent.Kind


def _check_categories(errors: Errors, categories: Iterable[str]) -> list[str]:
    chosen = sorted(set(categories))
    if not chosen:
        errors["categories"] = [
            ValidationError(_("Choose at least one category."), code="required")
        ]
    elif any(code not in Category.values for code in chosen):
        errors["categories"] = [
            ValidationError(_("Choose one of the options."), code="invalid_choice")
        ]
    return chosen


def _check_birth_date(
    errors: Errors, birth_date: datetime.date | None, on: datetime.date | None = None
) -> None:
    """Not in the future, and under 18 on the day of registration (`on`, default today)."""
    not_future(errors, "birth_date", birth_date)
    if birth_date is not None and "birth_date" not in errors:
        day = on or timezone.localdate()
        if (day.year - birth_date.year) - (
            (day.month, day.day) < (birth_date.month, birth_date.day)
        ) >= MAX_AGE_YEARS:
            errors["birth_date"] = [
                ValidationError(
                    _("The registry is for children under %(age)d."),
                    code="too_old",
                    params={"age": MAX_AGE_YEARS},
                )
            ]


def _check_id_number(errors: Errors, value: str, birth_date: datetime.date | None) -> str:
    """The normalised number ('' when none is given)."""
    if not (value or "").strip():
        return ""
    try:
        number = id_number_normalize(value)
        if birth_date is not None:
            id_number_check_birth_date(number, birth_date)
    except ValidationError as exc:
        errors["id_number"] = exc.error_list
        return ""
    return number


def _set_id_number(child: Child, number: str) -> None:
    child.id_number = number
    child.id_number_index = id_number_index(number) if number else ""
    child.id_number_masked = id_number_mask(number) if number else ""


def _duplicate_id_number() -> DomainError:
    return DomainError(
        "duplicate_id_number",
        str(_("A child with this ID number is already registered.")),
        status=409,
    )


def _record_finding(child: Child, day: datetime.date) -> None:
    LackingCareFinding.objects.create(child=child, village_id=child.village_id, found_on=day)
    # A zero report already filed for that day must now be flagged.
    refresh_report_flags_on_commit(child.village_id, day)


def child_register(
    *,
    actor: Any,
    village: Place | None,
    name: str,
    sex: str,
    birth_date: datetime.date | None,
    categories: Iterable[str],
    guardianship: str = Guardianship.ADEQUATE,
    id_number: str = "",
    address: str = "",
    school: str = "",
    health: str = "",
    special_needs: str = "",
    guardians: Iterable[GuardianInput] = (),
    registered_on: datetime.date | None = None,
) -> Child:
    """Register a child in a village inside the actor's jurisdiction."""
    errors: Errors = {}
    check_village(errors, "village", village)
    if village is not None and "village" not in errors:
        check_actor_place(actor, village)
    name = text(errors, "name", name, 32)
    choice(errors, "sex", sex, Sex)
    _check_birth_date(errors, birth_date, registered_on)
    number = _check_id_number(errors, id_number, birth_date)
    chosen = _check_categories(errors, categories)
    choice(errors, "guardianship", guardianship, Guardianship)
    address = text(errors, "address", address, 100, required=False)
    school = text(errors, "school", school, 100, required=False)
    health = text(errors, "health", health, 2000, required=False)
    special_needs = text(errors, "special_needs", special_needs, 2000, required=False)
    checked = [
        check_guardian(errors, f"guardians.{i}.", guardian) for i, guardian in enumerate(guardians)
    ]
    registered_on = registered_on or timezone.localdate()
    not_future(errors, "registered_on", registered_on)
    raise_if(errors)
    assert village is not None
    assert birth_date is not None

    child = Child(
        village=village,
        name=name,
        sex=sex,
        birth_date=birth_date,
        address=address,
        school=school,
        health=health,
        special_needs=special_needs,
        guardianship=guardianship,
        registered_on=registered_on,
        registered_by=actor,
        **{field: code in chosen for code, field in CATEGORY_FIELDS.items()},
    )
    _set_id_number(child, number)
    try:
        with transaction.atomic():
            child.save()
            for guardian in checked:
                Guardian.objects.create(child=child, **guardian.__dict__)
            if child.lacks_guardianship:
                _record_finding(child, registered_on)
            history_append(
                child=child,
                actor=actor,
                kind=Kind.REGISTERED,
                changes={"guardians": len(checked), "categories": {"to": chosen}},
            )
            audit_record(action=Action.CREATE, actor=actor, obj=child)
    except IntegrityError as exc:
        # The one unique constraint: two registrations of one ID number (also when two
        # people register the same child at the same moment).
        raise _duplicate_id_number() from exc
    return child


# Fields child_update may change, with how history records them.
UPDATABLE_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "id_number",
    "village",
    "address",
    "categories",
    "guardianship",
    "school",
    "health",
    "special_needs",
)


def _history_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Place):
        return value.name
    return value


def child_update(*, actor: Any, child: Child, **changes: Any) -> Child:
    """Change some fields of a child's record (only those given).

    `id_number=""` leaves the number as it is; `categories` is the full new list.
    """
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"child_update() got unexpected fields: {sorted(unknown)}")
    check_actor_sees(actor, child)
    errors: Errors = {}
    values: dict[str, Any] = {}
    if "name" in changes:
        values["name"] = text(errors, "name", changes["name"], 32)
    if "sex" in changes:
        values["sex"] = choice(errors, "sex", changes["sex"], Sex)
    birth_date = changes.get("birth_date", child.birth_date)
    if "birth_date" in changes:
        _check_birth_date(errors, birth_date, child.registered_on)
        values["birth_date"] = birth_date
    new_number = ""
    if (changes.get("id_number") or "").strip():
        new_number = _check_id_number(errors, changes["id_number"], birth_date)
    elif "birth_date" in changes and child.id_number and "birth_date" not in errors:
        # A new birth date must still agree with the number on record.
        try:
            id_number_check_birth_date(child.id_number, birth_date)
        except ValidationError as exc:
            errors["birth_date"] = exc.error_list
    if "village" in changes:
        village = changes["village"]
        check_village(errors, "village", village)
        if "village" not in errors:
            check_actor_place(actor, village)
            values["village"] = village
    if "categories" in changes:
        values["categories"] = _check_categories(errors, changes["categories"])
    if "guardianship" in changes:
        values["guardianship"] = choice(
            errors, "guardianship", changes["guardianship"], Guardianship
        )
    for field, limit in (("address", 100), ("school", 100), ("health", 2000)):
        if field in changes:
            values[field] = text(errors, field, changes[field], limit, required=False)
    if "special_needs" in changes:
        values["special_needs"] = text(
            errors, "special_needs", changes["special_needs"], 2000, required=False
        )
    raise_if(errors)

    try:
        with transaction.atomic():
            # Lock the row: two people saving at once are applied one after the other,
            # each recorded against what the other wrote.
            locked = Child.objects.select_for_update().get(pk=child.pk)
            recorded: dict[str, Any] = {}
            for field, value in values.items():
                if field == "categories":
                    before = locked.categories
                    if before != value:
                        recorded[field] = {"from": before, "to": value}
                        for code, column in CATEGORY_FIELDS.items():
                            setattr(locked, column, code in value)
                    continue
                before = getattr(locked, field)
                if before != value:
                    recorded[field] = {"from": _history_value(before), "to": _history_value(value)}
                    setattr(locked, field, value)
            if new_number and new_number != locked.id_number:
                # Never the number itself, not even masked, in the history.
                recorded["id_number"] = {"changed": True}
                _set_id_number(locked, new_number)
            if not recorded:
                return locked
            locked.save()
            was_lacking = recorded.get("guardianship", {}).get("from") in LACKING
            moved_in = "village" in recorded
            # A closed record is no finding: the child is no longer in the registry.
            if (
                locked.lacks_guardianship
                and not locked.is_closed
                and (("guardianship" in recorded and not was_lacking) or moved_in)
            ):
                _record_finding(locked, timezone.localdate())
            history_append(child=locked, actor=actor, kind=Kind.UPDATED, changes=recorded)
            audit_record(
                action=Action.UPDATE, actor=actor, obj=locked, detail={"fields": sorted(recorded)}
            )
    except IntegrityError as exc:
        raise _duplicate_id_number() from exc
    return locked
