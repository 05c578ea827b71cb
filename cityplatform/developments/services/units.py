"""Writes for a development's unit types (户型) and photos; editors of its district only."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext

from cityplatform.audit.services import Action, audit_record
from cityplatform.developments.models import Development, DevelopmentPhoto, UnitType
from cityplatform.developments.permissions import require_editor
from cityplatform.developments.services.common import Errors, model_validate, text_field
from cityplatform.developments.validators import PHOTO_FORMATS, photo_format

UNIT_TYPE_FIELDS = (
    "name",
    "bedrooms",
    "living_rooms",
    "bathrooms",
    "area_m2",
    "available_units",
    "reference_price",
    "order",
)
MAX_UNIT_TYPES = 50
MAX_PHOTOS = 30


def _lock_development(development: Development) -> Development:
    return Development.objects.select_for_update().get(pk=development.pk)


def unit_type_validate(unit_type: UnitType, *, exclude: Sequence[str] = ()) -> None:
    """Trim the name and check every field and constraint; ValidationError otherwise."""
    errors: Errors = {}
    unit_type.name = text_field(errors, "name", unit_type.name, max_length=32)
    model_validate(unit_type, errors, exclude=exclude)


def unit_type_add(*, development: Development, actor: Any, **values: Any) -> UnitType:
    unknown = set(values) - set(UNIT_TYPE_FIELDS)
    if unknown:
        raise TypeError(f"unit_type_add got unknown fields: {sorted(unknown)}")
    require_editor(actor, development.place_id)
    unit_type = UnitType(development=development, **values)
    unit_type_validate(unit_type)
    with transaction.atomic():
        # The development's row serialises additions, so the cap holds under load.
        _lock_development(development)
        if UnitType.objects.filter(development=development).count() >= MAX_UNIT_TYPES:
            raise ValidationError(
                {
                    "name": [
                        gettext("A development may have at most %(max)d unit types.")
                        % {"max": MAX_UNIT_TYPES}
                    ]
                }
            )
        unit_type.save()
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=development,
            detail={"unit_type_added": unit_type.pk},
        )
    return unit_type


def unit_type_update(*, unit_type: UnitType, actor: Any, **changes: Any) -> UnitType:
    unknown = set(changes) - set(UNIT_TYPE_FIELDS)
    if unknown:
        raise TypeError(f"unit_type_update got unknown fields: {sorted(unknown)}")
    require_editor(actor, unit_type.development.place_id)
    with transaction.atomic():
        locked = UnitType.objects.select_for_update().get(pk=unit_type.pk)
        for field, value in changes.items():
            setattr(locked, field, value)
        unit_type_validate(locked)
        locked.save()
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked.development,
            detail={"unit_type_changed": locked.pk, "fields": sorted(changes)},
        )
    for model_field in UnitType._meta.concrete_fields:
        setattr(unit_type, model_field.attname, getattr(locked, model_field.attname))
    return locked


def unit_type_remove(*, unit_type: UnitType, actor: Any) -> None:
    """Enquiries that named this unit type keep their development (unit type emptied)."""
    development = unit_type.development
    require_editor(actor, development.place_id)
    with transaction.atomic():
        pk = unit_type.pk
        unit_type.delete()
        audit_record(
            action=Action.UPDATE, actor=actor, obj=development, detail={"unit_type_removed": pk}
        )


def photo_add(
    *,
    development: Development,
    actor: Any,
    image: File[Any],
    caption: str = "",
    order: int = 0,
) -> DevelopmentPhoto:
    """Store a checked photo (JPEG, PNG or WebP; size and dimensions bounded) under a
    random name with the extension of its real format."""
    require_editor(actor, development.place_id)
    errors: Errors = {}
    try:
        image.name = f"photo.{PHOTO_FORMATS[photo_format(image)]}"
    except ValidationError as exc:
        errors["image"] = exc.error_list
    caption = text_field(errors, "caption", caption, max_length=100, required=False)
    photo = DevelopmentPhoto(development=development, image=image, caption=caption, order=order)
    model_validate(photo, errors, exclude=["development"])
    with transaction.atomic():
        _lock_development(development)
        if DevelopmentPhoto.objects.filter(development=development).count() >= MAX_PHOTOS:
            raise ValidationError(
                {
                    "image": [
                        gettext("A development may have at most %(max)d photos.")
                        % {"max": MAX_PHOTOS}
                    ]
                }
            )
        photo.save()
        audit_record(
            action=Action.UPDATE, actor=actor, obj=development, detail={"photo_added": photo.pk}
        )
    return photo


def photo_update(
    *, photo: DevelopmentPhoto, actor: Any, caption: str, order: int
) -> DevelopmentPhoto:
    require_editor(actor, photo.development.place_id)
    errors: Errors = {}
    photo.caption = text_field(errors, "caption", caption, max_length=100, required=False)
    photo.order = order
    model_validate(photo, errors, exclude=["development", "image"])
    with transaction.atomic():
        photo.save(update_fields=["caption", "order"])
    return photo


def photo_remove(*, photo: DevelopmentPhoto, actor: Any) -> None:
    """Delete the row now and the file once the deletion is committed."""
    development = photo.development
    require_editor(actor, development.place_id)
    storage, name, pk = photo.image.storage, photo.image.name, photo.pk
    with transaction.atomic():
        photo.delete()
        audit_record(
            action=Action.UPDATE, actor=actor, obj=development, detail={"photo_removed": pk}
        )
        if name:
            transaction.on_commit(lambda: storage.delete(name))
