"""Validation of identifiers people type: phone numbers and credit codes.

Each `normalize_*` returns the canonical form or raises Django's ValidationError
with a translated message, so forms, services and the API share one rule.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

_SEPARATORS = re.compile(r"[\s\-－—()（）]")
# Mainland mobile numbers: 11 digits starting 13-19.
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
# Landlines: area code 0 + 2-3 digits (010, 0731), then a 7-8 digit subscriber number.
_LANDLINE_WITH_AREA = re.compile(r"0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}", re.ASCII)
# A local subscriber number without area code (株洲: 28200686).
_LANDLINE_LOCAL = re.compile(r"[2-9]\d{6,7}", re.ASCII)
# Service numbers such as 96599 (a bank; also dialled as 0731-96599), 95xxx, 12345,
# and 400/800 hotlines.
_SERVICE = re.compile(r"(?:9[56]\d{3}|1[012]\d{3}|[48]00\d{7})", re.ASCII)
_SERVICE_WITH_AREA = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))((?:9[56]|1[012])\d{3})", re.ASCII)


def _digits(value: str) -> str:
    text = _SEPARATORS.sub("", value.strip())
    text = text.translate(str.maketrans("０１２３４５６７８９＋", "0123456789+"))
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    return text


def normalize_phone(value: str, *, allow_service_numbers: bool = False) -> str:
    """Return a mainland mobile or landline number in canonical form.

    Mobiles become 11 digits; landlines with an area code become `0731-28200686`;
    local landlines stay as their 7-8 digits. Service numbers (96599, 400...)
    are accepted only where a business publishes them, not for a person.
    """
    text = _digits(value)
    if _MOBILE.fullmatch(text):
        return text
    if _LANDLINE_WITH_AREA.fullmatch(text):
        area_len = 3 if text[1] in "12" else 4
        return f"{text[:area_len]}-{text[area_len:]}"
    if _LANDLINE_LOCAL.fullmatch(text):
        return text
    if allow_service_numbers:
        if _SERVICE.fullmatch(text):
            return text
        if match := _SERVICE_WITH_AREA.fullmatch(text):
            return f"{match[1]}-{match[2]}"
    raise ValidationError(
        _("Enter a valid phone number: an 11-digit mobile or a landline such as 0731-28200686."),
        code="invalid_phone",
    )


def mask_phone(phone: str) -> str:
    """138****5678 for display where the full number is not needed."""
    if len(phone) >= 7:
        return f"{phone[:3]}****{phone[-4:]}"
    return "****"


def normalize_credit_code(value: str) -> str:
    """A unified social credit code (统一社会信用代码), checked digit included."""
    try:
        return str(uscc.validate(value.strip().upper()))
    except StdnumError as exc:
        raise ValidationError(
            _("Enter a valid 18-character unified social credit code."),
            code="invalid_credit_code",
        ) from exc


def clean_text(value: str | None) -> str:
    """Text as typed, trimmed, without NUL characters (PostgreSQL refuses them in text;
    nobody types them on purpose)."""
    return (value or "").replace("\x00", "").strip()
