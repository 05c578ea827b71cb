"""Writes for developments: create, update, and the sale-status workflow.

Every service checks the actor (a developments editor of the development's district;
None is the platform itself), validates everything before it writes, and writes the
history row (SaleStatusEvent) and the audit entry in the same transaction.
"""

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.markup import render_markdown
from cityplatform.core.validators import clean_text, normalize_credit_code
from cityplatform.developments.models import (
    ALLOWED_TRANSITIONS,
    Development,
    SaleStatus,
    SaleStatusEvent,
    UnitType,
)
from cityplatform.developments.permissions import require_editor
from cityplatform.developments.services.common import (
    Errors,
    features_normalize,
    model_validate,
    note_text,
    raise_if,
    refuse_transition,
    text_field,
)
from cityplatform.developments.services.units import (
    MAX_UNIT_TYPES,
    UNIT_TYPE_FIELDS,
    unit_type_validate,
)

DESCRIPTION_MAX_LENGTH = 20_000

# What development_create takes and development_update may change; the sale status
# changes only through development_change_status.
DEVELOPMENT_FIELDS = (
    "name",
    "developer_name",
    "developer_credit_code",
    "place",
    "address",
    "min_unit_price",
    "max_unit_price",
    "min_total_price",
    "max_total_price",
    "promotion_starts_on",
    "promotion_ends_on",
    "description",
    "features",
    "is_published",
)


def _prepare(development: Development, errors: Errors | None = None) -> None:
    """Normalise text, credit code and tags in place, render the description, and
    check every field; raises ValidationError with all problems at once (with any
    already in `errors`)."""
    errors = errors if errors is not None else {}
    development.name = text_field(errors, "name", development.name, max_length=100)
    development.developer_name = text_field(
        errors, "developer_name", development.developer_name, max_length=100
    )
    development.address = text_field(errors, "address", development.address, max_length=200)
    development.description = text_field(
        errors,
        "description",
        development.description,
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
    )
    code = clean_text(development.developer_credit_code)
    if code:
        try:
            code = normalize_credit_code(code)
        except ValidationError as exc:
            errors["developer_credit_code"] = exc.error_list
    development.developer_credit_code = code
    with contextlib.suppress(TypeError):  # not a list or text: the validator says so
        development.features = features_normalize(development.features)
    development.description_html = render_markdown(development.description)
    model_validate(development, errors)


def _unit_types_prepare(
    development: Development, specs: Sequence[Mapping[str, Any]]
) -> list[UnitType]:
    """Unit types for a development not saved yet, all checked; errors are keyed
    `unit_types.<index>.<field>`."""
    errors: Errors = {}
    unit_types: list[UnitType] = []
    names: set[str] = set()
    for index, spec in enumerate(specs):
        unknown = set(spec) - set(UNIT_TYPE_FIELDS)
        if unknown:
            raise TypeError(f"unit type got unknown fields: {sorted(unknown)}")
        unit_type = UnitType(**spec)
        unit_type.development = development
        try:
            unit_type_validate(unit_type, exclude=["development"])
        except ValidationError as exc:
            for field, messages in exc.error_dict.items():
                errors[f"unit_types.{index}.{field}"] = messages
            continue
        if unit_type.name in names:
            errors[f"unit_types.{index}.name"] = [
                ValidationError(
                    gettext("This development already has a unit type of this name."),
                    code="unique",
                )
            ]
        names.add(unit_type.name)
        unit_types.append(unit_type)
    if len(specs) > MAX_UNIT_TYPES:
        errors["unit_types"] = [
            ValidationError(
                gettext("A development may have at most %(max)d unit types.")
                % {"max": MAX_UNIT_TYPES}
            )
        ]
    raise_if(errors)
    return unit_types


def development_create(
    *,
    actor: Any,
    status: str = SaleStatus.UPCOMING,
    unit_types: Sequence[Mapping[str, Any]] = (),
    **values: Any,
) -> Development:
    """A new development (unpublished unless `is_published`) with its unit types and
    its first history row: all of it or, on any error, nothing."""
    unknown = set(values) - set(DEVELOPMENT_FIELDS)
    if unknown:
        raise TypeError(f"development_create got unknown fields: {sorted(unknown)}")
    place = values.get("place")
    require_editor(actor, getattr(place, "code", None))
    errors: Errors = {}
    if status not in SaleStatus.values:
        errors["status"] = [ValidationError(gettext("Choose a valid sale status."))]
    development = Development(status=status, **values)
    try:
        _prepare(development, errors)
    except ValidationError as exc:
        errors = {field: list(messages) for field, messages in exc.error_dict.items()}
    try:
        prepared = _unit_types_prepare(development, unit_types)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    raise_if(errors)
    with transaction.atomic():
        development.save()
        for unit_type in prepared:
            unit_type.development = development
            unit_type.save()
        SaleStatusEvent.objects.create(
            development=development, actor=actor, from_status="", to_status=status
        )
        audit_record(
            action=Action.CREATE,
            actor=actor,
            obj=development,
            detail={"unit_types": len(prepared)},
        )
    return development


def _copy_back(target: Development, source: Development) -> None:
    for field in Development._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def development_update(*, development: Development, actor: Any, **changes: Any) -> Development:
    """Change any of DEVELOPMENT_FIELDS; on a ValidationError nothing changes.

    A development moved to another district must land inside the editor's jurisdiction too.
    """
    unknown = set(changes) - set(DEVELOPMENT_FIELDS)
    if unknown:
        raise TypeError(f"development_update got unknown fields: {sorted(unknown)}")
    require_editor(actor, development.place_id)
    if "place" in changes:
        require_editor(actor, getattr(changes["place"], "code", None))
    with transaction.atomic():
        locked = Development.objects.select_for_update().get(pk=development.pk)
        for field, value in changes.items():
            setattr(locked, field, value)
        _prepare(locked)
        locked.save()
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"fields": sorted(changes)}
        )
    _copy_back(development, locked)
    return locked


def development_change_status(
    *, development: Development, actor: Any, to_status: str, note: str = ""
) -> Development:
    """待售 → 在售 → 售罄 (and 售罄 → 在售 when more units are released), recorded."""
    errors: Errors = {}
    text = note_text(errors, note)
    raise_if(errors)
    require_editor(actor, development.place_id)
    with transaction.atomic():
        # Lock and decide on the stored status: of two editors clicking at once, the
        # second sees the first's change (409) instead of writing a stale transition.
        locked = Development.objects.select_for_update().get(pk=development.pk)
        from_status = locked.status
        if to_status not in ALLOWED_TRANSITIONS.get(from_status, frozenset()):
            labels = dict(SaleStatus.choices)
            raise refuse_transition(
                gettext("A development that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": labels.get(from_status, from_status),
                    "to": labels.get(to_status, to_status),
                },
                current=from_status,
            )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
        SaleStatusEvent.objects.create(
            development=locked,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            note=text,
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"from_status": from_status, "to_status": to_status},
        )
    _copy_back(development, locked)
    return locked
