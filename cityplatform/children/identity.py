"""Resident ID numbers (居民身份证号码) of children: validation, masking, blind index.

Validation is python-stdnum's `cn.ric` (length, checksum, birth date, region), plus the
rule that the birth date inside the number is the birth date given. The number itself
is stored encrypted (core.crypto); lists show the masked form; exact search goes
through the blind index, so nothing ever decrypts the table to find a child.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from cityplatform.core.crypto import blind_index

INDEX_PURPOSE = "child-id"


def id_number_normalize(value: str) -> str:
    """The canonical 18-character form, or ValidationError (never echoing the number)."""
    text = (value or "").strip().replace(" ", "").upper()
    try:
        return str(ric.validate(text))
    except StdnumError as exc:
        raise ValidationError(
            _("Enter a valid 18-digit resident ID number (check the digits and the last one)."),
            code="invalid_id_number",
        ) from exc


def id_number_birth_date(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def id_number_check_birth_date(number: str, birth_date: datetime.date) -> None:
    if id_number_birth_date(number) != birth_date:
        raise ValidationError(
            _("The birth date in the ID number does not match the birth date given."),
            code="birth_date_mismatch",
        )


def id_number_mask(number: str) -> str:
    """430281********0013: the region and the last four, as lists and exports show it."""
    if len(number) != 18:
        return "*" * len(number)
    return f"{number[:6]}{'*' * 8}{number[-4:]}"


def id_number_index(number: str) -> str:
    return blind_index(number, purpose=INDEX_PURPOSE)


def id_number_make(region: str, birth_date: datetime.date, sequence: int) -> str:
    """A well-formed number (demo and test data): region, birth date, sequence, check digit.

    An odd sequence stands for a boy, an even one for a girl."""
    body = f"{region}{birth_date:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")
