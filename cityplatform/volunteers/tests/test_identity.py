"""ID numbers: validated by cn.ric, stored encrypted, found by blind index, shown masked."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cityplatform.volunteers.identity import id_number_index, mask_id_number, normalize_id_number
from cityplatform.volunteers.models import Volunteer
from cityplatform.volunteers.tests.conftest import WANG, ZHANG, enrol

pytestmark = pytest.mark.django_db


def test_valid_numbers_normalise() -> None:
    assert normalize_id_number(f"  {WANG.lower()} ") == WANG
    assert normalize_id_number(ZHANG) == ZHANG


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "430281199001010018",  # wrong check digit
        "43028119900101001",  # 17 digits
        "430281199002300017",  # 30 February
        "999999199001010017",  # no such region
        "43028119900101001A",
    ],
)
def test_invalid_numbers_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_id_number(bad)
    assert info.value.code == "invalid_id_number"


def test_mask_hides_the_birth_date() -> None:
    assert mask_id_number(WANG) == "4302**********040X"


def test_blind_index_is_stable_and_purpose_bound() -> None:
    from cityplatform.core.crypto import blind_index

    assert id_number_index(ZHANG) == id_number_index(ZHANG)
    assert id_number_index(ZHANG) != blind_index(ZHANG, purpose="child-id")


def test_stored_encrypted_and_read_back(world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM volunteers_volunteer WHERE id = %s", [volunteer.pk])
        stored = cursor.fetchone()[0]
    assert ZHANG not in stored
    assert Volunteer.objects.get(pk=volunteer.pk).id_number == ZHANG
    assert volunteer.id_number_masked == "4302**********0017"
