"""Checks on the values a development, a unit type or a photo may hold.

Model fields use these as validators, so the admin's forms, the services (which call
`full_clean`) and the API refuse the same values with the same message; database
constraints repeat the numeric bounds in case anything writes around them.
"""

import warnings
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_AREA_M2 = Decimal(10_000)
MAX_ROOMS = 20
# Per m²: 株洲's dearest new homes cost about 2万 a m²; 50万 a m² is a typing error.
MAX_UNIT_PRICE_YUAN = Decimal(500_000)
MAX_TOTAL_PRICE_YUAN = Decimal(1_000_000_000)
MAX_AVAILABLE_UNITS = 100_000
MAX_FEATURES = 12
FEATURE_MAX_LENGTH = 16

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
# Pillow's format name → the file extension photos are stored under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def validate_area(value: Any) -> None:
    number = _number(value)
    if number is None or not Decimal(0) < number <= MAX_AREA_M2:
        raise ValidationError(
            _("An area must be above 0 and at most %(max)s m²."),
            code="area_out_of_range",
            params={"max": f"{MAX_AREA_M2:,}"},
        )


def validate_unit_price(value: Any) -> None:
    number = _number(value)
    if number is None or not Decimal(0) < number <= MAX_UNIT_PRICE_YUAN:
        raise ValidationError(
            _("A price per m² must be above 0 and at most %(max)s yuan."),
            code="unit_price_out_of_range",
            params={"max": f"{MAX_UNIT_PRICE_YUAN:,}"},
        )


def validate_total_price(value: Any) -> None:
    number = _number(value)
    if number is None or not Decimal(0) < number <= MAX_TOTAL_PRICE_YUAN:
        raise ValidationError(
            _("A total price must be above 0 and at most %(max)s yuan."),
            code="total_price_out_of_range",
            params={"max": f"{MAX_TOTAL_PRICE_YUAN:,}"},
        )


def validate_room_count(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ROOMS:
        raise ValidationError(
            _("Give a number of rooms from 0 to %(max)d."),
            code="rooms_out_of_range",
            params={"max": MAX_ROOMS},
        )


def validate_available_units(value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_AVAILABLE_UNITS
    ):
        raise ValidationError(
            _("Give a number of available units from 0 to %(max)s."),
            code="units_out_of_range",
            params={"max": f"{MAX_AVAILABLE_UNITS:,}"},
        )


def validate_features(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Feature tags must be a list of words."), code="invalid")
    if len(value) > MAX_FEATURES:
        raise ValidationError(
            _("Give at most %(max)d feature tags."), code="too_many", params={"max": MAX_FEATURES}
        )
    for item in value:
        if not item.strip() or len(item) > FEATURE_MAX_LENGTH:
            raise ValidationError(
                _("Each feature tag has 1 to %(max)d characters."),
                code="feature_length",
                params={"max": FEATURE_MAX_LENGTH},
            )


def photo_format(file: Any) -> str:
    """The Pillow format of an uploaded photo, after checking its size, type and
    dimensions; raises ValidationError otherwise. Leaves the file at its start."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("A photo may be at most %(max)d MB."),
            code="photo_too_large",
            params={"max": MAX_PHOTO_BYTES // (1024 * 1024)},
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # A decompression-bomb warning is a refusal here, not a log line.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format or ""
                width, height = image.size
                image.verify()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(
            _("Upload a photo as a JPEG, PNG or WebP image."), code="photo_invalid"
        ) from exc
    finally:
        file.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("Upload a photo as a JPEG, PNG or WebP image."), code="photo_invalid"
        )
    if width * height > MAX_PHOTO_PIXELS:
        raise ValidationError(
            _("A photo may have at most %(max)d million pixels."),
            code="photo_too_many_pixels",
            params={"max": MAX_PHOTO_PIXELS // 1_000_000},
        )
    return image_format


def validate_photo(file: Any) -> None:
    # A photo already in storage was checked when it was uploaded.
    if getattr(file, "_committed", False):
        return
    photo_format(file)
