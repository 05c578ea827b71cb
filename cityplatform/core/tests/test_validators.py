import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cityplatform.core.validators import mask_phone, normalize_credit_code, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0731-28200686", "0731-28200686"),
        ("073128200686", "0731-28200686"),
        ("（0731）22616110", "0731-22616110"),
        ("010-62345678", "010-62345678"),
        ("28200686", "28200686"),
    ],
)
def test_valid_phones_are_normalized(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "12345", "1381234567", "138123456789", "abc", "23812345678", "96599", "4008001234"]
)
def test_invalid_phones_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert info.value.code == "invalid_phone"


def test_service_numbers_only_where_allowed() -> None:
    assert normalize_phone("0731-96599", allow_service_numbers=True) == "0731-96599"
    assert normalize_phone("96599", allow_service_numbers=True) == "96599"
    assert normalize_phone("400-800-1234", allow_service_numbers=True) == "4008001234"


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_mobile_number_normalizes_to_itself(number: str) -> None:
    assert normalize_phone(number) == number


@given(st.text(max_size=30))
def test_any_text_is_either_a_phone_or_a_validation_error(text: str) -> None:
    try:
        result = normalize_phone(text)
    except ValidationError:
        return
    assert result.replace("-", "").isdigit()


def test_mask_phone_hides_the_middle() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("123") == "****"


def test_credit_codes() -> None:
    assert normalize_credit_code(" 91430200184285373j ") == "91430200184285373J"
    with pytest.raises(ValidationError):
        normalize_credit_code("91430200184285373X")
    with pytest.raises(ValidationError):
        normalize_credit_code("not a code")


def test_non_ascii_digits_are_not_a_phone_number() -> None:
    with pytest.raises(ValidationError):
        normalize_phone("١٣٨١٢٣٤٥٦٧٨")
