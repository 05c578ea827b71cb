"""Identity numbers: validation of the resident identity card number (cn.ric) and the
blind indexes under which ID numbers and evidence references are found again."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError

from cityplatform.core.crypto import blind_index
from cityplatform.core.errors import DomainError

ID_INDEX_PURPOSE = "lending.id_number"
REFERENCE_INDEX_PURPOSE = "lending.segment_reference"


def _region_known(number: str) -> bool:
    from stdnum import numdb

    return any(props for _part, props in numdb.get("cn/loc").info(number[:6]))


def id_number_validate(value: str) -> tuple[str, date]:
    """The 18-character number (check digit verified, birth date real and past, region
    code known) and the birth date it encodes; DomainError 422 otherwise.

    python-stdnum's `cn.ric` also wants the region code to have existed in the birth
    year; but a number carries the code of the office that first issued it, so a
    person born in 1970 registered in 荷塘区 (code created 1997) holds 430202-1970...
    Such numbers are real: a known region code at any time is accepted.
    """
    try:
        text = (value or "").strip().upper()
        try:
            number = str(ric.validate(text))
        except InvalidComponent:
            number = str(ric.compact(text))
            if not _region_known(number):
                raise
        birth = ric.get_birth_date(number)
        if birth > timezone.localdate() or birth.year < 1900:
            raise InvalidComponent()
    except (StdnumError, ValueError):
        raise DomainError(
            "invalid_id_number",
            _("Enter a valid 18-character resident identity card number."),
            status=422,
            fields={"id_number": [_("Enter a valid 18-character resident identity card number.")]},
        ) from None
    return number, birth


def id_number_index(number: str) -> str:
    return blind_index(number.strip().upper(), purpose=ID_INDEX_PURPOSE)


def reference_index(reference: str) -> str:
    """Account and contract numbers as typed, without spaces or dashes, upper case."""
    compact = "".join(ch for ch in reference.upper() if ch.isalnum())
    return blind_index(compact, purpose=REFERENCE_INDEX_PURPOSE)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def mask_id_number(number: str) -> str:
    """4302**********0011: enough for the customer to recognise, useless to anyone else."""
    return f"{number[:4]}{'*' * 10}{number[-4:]}" if len(number) == 18 else "****"
