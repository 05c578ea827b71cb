"""Listing photos: staff add, re-caption, reorder and remove them (the admin's inline
calls these); the type, size and pixels are checked by the model's validator."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.validators import clean_text
from cityplatform.housing.models import Listing, ListingPhoto
from cityplatform.housing.models.photos import CAPTION_MAX_LENGTH, PHOTO_FORMATS, photo_format
from cityplatform.housing.services.common import (
    Errors,
    add_error,
    lock,
    raise_if,
    require_staff,
)

MAX_PHOTOS_PER_LISTING = 30
MAX_ORDER = 1000


def _clean(errors: Errors, caption: str, order: Any) -> tuple[str, int]:
    text = clean_text(caption)
    if len(text) > CAPTION_MAX_LENGTH:
        add_error(
            errors,
            "caption",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=CAPTION_MAX_LENGTH,
        )
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= MAX_ORDER:
        add_error(
            errors,
            "order",
            _("Give a number from %(low)d to %(high)d."),
            "out_of_range",
            low=0,
            high=MAX_ORDER,
        )
        order = 0
    return text, order


def listing_photo_add(
    *, listing: Listing, actor: Any, image: File[Any], caption: str = "", order: int = 0
) -> ListingPhoto:
    """Store a photo of the listing, after the next ones in `order` where equal."""
    require_staff(actor, listing.place_id)
    errors: Errors = {}
    text, position = _clean(errors, caption, order)
    try:
        kind = photo_format(image)
    except ValidationError as exc:
        errors.setdefault("image", []).extend(exc.error_list)
        kind = ""
    raise_if(errors)
    # Named after what the file is, not what the uploader called it.
    image.name = f"photo.{PHOTO_FORMATS[kind]}"
    with transaction.atomic():
        # Locked, so two uploads at once cannot both take the last place.
        locked = lock(listing)
        if ListingPhoto.objects.filter(listing=locked).count() >= MAX_PHOTOS_PER_LISTING:
            raise ValidationError(
                {
                    "image": [
                        ValidationError(
                            _("A listing has at most %(max)d photos."),
                            code="too_many",
                            params={"max": MAX_PHOTOS_PER_LISTING},
                        )
                    ]
                }
            )
        photo = ListingPhoto(listing=locked, image=image, caption=text, order=position)
        photo.save()
        audit_record(action=Action.CREATE, actor=actor, obj=photo, detail={"listing": listing.pk})
    return photo


def listing_photo_update(
    *, photo: ListingPhoto, actor: Any, caption: str, order: int
) -> ListingPhoto:
    require_staff(actor, photo.listing.place_id)
    errors: Errors = {}
    text, position = _clean(errors, caption, order)
    raise_if(errors)
    photo.caption, photo.order = text, position
    with transaction.atomic():
        photo.save(update_fields=["caption", "order"])
        audit_record(action=Action.UPDATE, actor=actor, obj=photo)
    return photo


def listing_photo_remove(*, photo: ListingPhoto, actor: Any) -> None:
    """Delete the photo and, once the deletion is committed, its file."""
    require_staff(actor, photo.listing.place_id)
    image, storage = photo.image.name or "", photo.image.storage
    with transaction.atomic():
        audit_record(
            action=Action.DELETE, actor=actor, obj=photo, detail={"listing": photo.listing_id}
        )
        photo.delete()
        if image:
            transaction.on_commit(lambda: storage.delete(image))
