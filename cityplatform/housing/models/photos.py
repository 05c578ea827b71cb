"""Photos of a listing, shown in order on its public page.

Only JPEG, PNG and WebP pictures of at most 5 MB and 40 megapixels are accepted: the
file is opened with Pillow, so a renamed document or a truncated picture is refused
whatever its name says. Stored under a random name (the uploader's file name may say
more than it should).
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .listings import Listing

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
# Pillow's format name → the file extension it is stored under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CAPTION_MAX_LENGTH = 200


def photo_format(value: Any) -> str:
    """Pillow's name for the picture's format; ValidationError if it is not a picture
    we take."""
    size = getattr(value, "size", None)
    if size is None or size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("A photo may be at most %(max)d MB."),
            code="too_large",
            params={"max": MAX_PHOTO_BYTES // (1024 * 1024)},
        )
    file = getattr(value, "file", value)
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            kind = image.format or ""
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(
                    _("A photo may have at most %(max)d megapixels."),
                    code="too_many_pixels",
                    params={"max": MAX_PHOTO_PIXELS // 1_000_000},
                )
            image.verify()  # reads the whole file: a truncated one fails here
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not a picture that can be read."), code="invalid_image"
        ) from exc
    finally:
        file.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP picture."), code="invalid_format", params={"kind": kind}
        )
    return kind


def validate_listing_photo(value: Any) -> None:
    photo_format(value)


def photo_upload_to(instance: "ListingPhoto", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    if extension not in PHOTO_FORMATS.values():
        extension = "jpg"
    return f"housing/listings/{instance.listing_id}/{uuid.uuid4().hex}.{extension}"


class ListingPhoto(models.Model):
    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"), upload_to=photo_upload_to, validators=[validate_listing_photo]
    )
    caption = models.CharField(_("caption"), max_length=CAPTION_MAX_LENGTH, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "listing__place"

    class Meta:
        verbose_name = _("listing photo")
        verbose_name_plural = _("listing photos")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["listing", "order"], name="housing_photo_listing")]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""
