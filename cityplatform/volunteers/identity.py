"""A volunteer's resident ID number (居民身份证号码): validation, masking, blind index.

The number itself is stored encrypted (core.crypto); what the platform compares is its
blind index, and what it shows is the masked form, so lists and public pages never
need to decrypt anything.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from cityplatform.core.crypto import blind_index

# Keeps this index apart from any other blind index of ID numbers on the platform.
INDEX_PURPOSE = "volunteer-id"


def normalize_id_number(value: str) -> str:
    """The 18-character number with its check character and birth date verified."""
    try:
        return str(ric.validate((value or "").strip()))
    except StdnumError as exc:
        raise ValidationError(
            _("Enter a valid 18-digit resident ID number; its last character is a check digit."),
            code="invalid_id_number",
        ) from exc


def id_number_index(normalized: str) -> str:
    return blind_index(normalized, purpose=INDEX_PURPOSE)


def mask_id_number(normalized: str) -> str:
    """4302**********123X: the region and the last four only, never the birth date."""
    return f"{normalized[:4]}{'*' * 10}{normalized[-4:]}"
