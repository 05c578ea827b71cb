"""Bad input: impossible values are refused with a clear message, nothing is stored, and
the database refuses them too when the services are bypassed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cityplatform.housing.models import Listing, ListingEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("area_m2", "0", "above 0 and at most 10,000 m²"),
        ("area_m2", "-5", "above 0 and at most 10,000 m²"),
        ("area_m2", "10000.01", "above 0 and at most 10,000 m²"),
        ("area_m2", "abc", "number of m²"),
        ("area_m2", None, "floor area"),
        ("actual_area_m2", "0", "above 0 and at most 10,000 m²"),
        ("actual_area_m2", "20000", "above 0 and at most 10,000 m²"),
        ("price_yuan", 0, "above 0 and at most 1,000,000,000 yuan"),
        ("price_yuan", -800_000, "above 0 and at most 1,000,000,000 yuan"),
        ("price_yuan", 1_000_000_001, "above 0 and at most 1,000,000,000 yuan"),
        ("price_yuan", "71.8万", "whole yuan"),
        ("price_yuan", 1.5, "whole yuan"),
        ("consigned_price_yuan", -1, "above 0"),
        ("bedrooms", 21, "from 0 to 20"),
        ("living_rooms", -1, "from 0 to 20"),
        ("bathrooms", 99, "from 0 to 20"),
        ("owner_phone", "12345", "valid phone number"),
        ("owner_phone", "1387331234", "valid phone number"),
        ("building_type", "castle", "listed values"),
        ("decoration", "gold", "listed values"),
    ],
)
def test_impossible_values_are_refused_with_a_message(make_listing, field, value, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_listing(**{field: value})
    messages = info.value.message_dict[field]
    assert any(words in m for m in messages), messages
    assert not Listing.objects.exists()
    assert not ListingEvent.objects.exists()


def test_all_errors_are_reported_together(make_listing) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_listing(area_m2="0", price_yuan=-1, bedrooms=30, owner_phone="x")
    assert {"area_m2", "price_yuan", "bedrooms", "owner_phone"} <= set(info.value.message_dict)


def test_floor_must_lie_in_the_building(make_listing) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_listing(floor=12, total_floors=6)
    assert "floor" in info.value.message_dict
    listing = make_listing(floor=-1, total_floors=6)
    assert listing.floor == -1


def test_limits_themselves_are_accepted(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing(
        area_m2="10000",
        price_yuan=1_000_000_000,
        bedrooms=20,
        bathrooms=0,
        owner_phone="0731 2820 0686",
    )
    assert listing.area_m2 == Decimal("10000.00")
    assert listing.owner_phone == "0731-28200686"
    assert listing.unit_price_yuan == 100_000


def test_price_on_request_is_null_and_has_no_unit_price(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing(price_yuan=None)
    assert listing.price_yuan is None
    assert listing.unit_price_yuan is None


def test_unit_price_is_derived(make_listing) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing(area_m2=Decimal("89.84"), price_yuan=750_000)
    assert listing.unit_price_yuan == 8348  # 750000 / 89.84 = 8348.17
    assert make_listing(area_m2=37.8, price_yuan=300_000).area_m2 == Decimal("37.80")


@pytest.mark.parametrize(
    "change",
    [
        {"area_m2": Decimal(0)},
        {"area_m2": Decimal("10001")},
        {"actual_area_m2": Decimal(0)},
        {"price_yuan": 0},
        {"price_yuan": -1},
        {"price_yuan": 2_000_000_000},
        {"consigned_price_yuan": -5},
        {"bedrooms": 21},
        {"living_rooms": 25},
        {"bathrooms": 21},
        {"floor": 9, "total_floors": 6},
        {"status": "lost"},
    ],
    ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()),
)
def test_database_refuses_what_the_services_would(make_listing, change) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=listing.pk).update(**change)
    listing.refresh_from_db()
    assert listing.area_m2 == Decimal("120.00")
    assert listing.price_yuan == 800_000
