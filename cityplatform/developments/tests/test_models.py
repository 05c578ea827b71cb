"""The database refuses impossible values even when code writes around the services,
and history rows cannot be rewritten."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cityplatform.core.models import AppendOnlyError
from cityplatform.developments.models import Development, EnquiryEvent, SaleStatusEvent, UnitType
from cityplatform.developments.tests.conftest import enquire

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"min_unit_price": Decimal("-1")},
        {"max_unit_price": Decimal("600000")},
        {"min_unit_price": Decimal("12000"), "max_unit_price": Decimal("9000")},
        {"min_total_price": Decimal("3000000"), "max_total_price": Decimal("1000000")},
        {"status": "bogus"},
    ],
)
def test_development_constraints(world, changes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        Development.objects.filter(pk=world.cuiwan.pk).update(**changes)


def test_promotion_cannot_end_before_it_starts(world) -> None:  # type: ignore[no-untyped-def]
    starts = world.cuiwan.promotion_starts_on
    with pytest.raises(IntegrityError), transaction.atomic():
        Development.objects.filter(pk=world.cuiwan.pk).update(
            promotion_ends_on=starts - timedelta(days=1)
        )


@pytest.mark.parametrize(
    "changes",
    [
        {"area_m2": Decimal("0")},
        {"area_m2": Decimal("10000.01")},
        {"bedrooms": 21},
        {"bathrooms": 99},
        {"available_units": 100_001},
        {"reference_price": Decimal("-5")},
    ],
)
def test_unit_type_constraints(world, changes) -> None:  # type: ignore[no-untyped-def]
    unit_type = world.cuiwan.unit_types.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitType.objects.filter(pk=unit_type.pk).update(**changes)


def test_history_is_append_only(world) -> None:  # type: ignore[no-untyped-def]
    event = SaleStatusEvent.objects.filter(development=world.cuiwan).first()
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        SaleStatusEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        EnquiryEvent.objects.filter(enquiry=enquire(world.cuiwan)).update(note="x")


def test_promotion_window_and_layout(world) -> None:  # type: ignore[no-untyped-def]
    development = world.cuiwan
    assert development.is_promoted_on()
    assert not development.is_promoted_on(development.promotion_ends_on + timedelta(days=1))
    assert not development.is_promoted_on(development.promotion_starts_on - timedelta(days=1))
    development.is_published = False
    assert not development.is_promoted_on()
    assert development.unit_types.get(name="两室两厅").layout_text == "2室2厅1卫"
    assert development.get_absolute_url() == f"/developments/{development.pk}/"
