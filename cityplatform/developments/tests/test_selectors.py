"""What the public sees: the promotion window, filters, order, the price summary;
and which enquiries a handler sees."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from cityplatform.developments import selectors
from cityplatform.developments.selectors import DevelopmentFilters
from cityplatform.developments.services import development_update
from cityplatform.developments.tests.conftest import enquire, unit
from cityplatform.places.models import Place

pytestmark = pytest.mark.django_db


def _names(**filters) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.name for d in selectors.development_search(DevelopmentFilters(**filters))]


@pytest.fixture
def three(world, make_development):  # type: ignore[no-untyped-def]
    make_development(
        name="荷塘云栖府",
        place=Place.objects.get(code="430202000000"),
        min_unit_price=Decimal("7200"),
        max_unit_price=Decimal("8600"),
        min_total_price=None,
        max_total_price=None,
        status="sold_out",
        units=[unit("叠墅", bedrooms=5, area_m2=Decimal("168"))],
    )
    return world


def test_on_sale_first_then_coming_soon_then_sold_out(three) -> None:  # type: ignore[no-untyped-def]
    assert _names() == ["湘江翠湾", "醴陵瓷都壹号", "荷塘云栖府"]


def test_only_published_developments_inside_their_promotion_period(three) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    development_update(development=three.cuiwan, actor=None, is_published=False)
    development_update(
        development=three.cidu,
        actor=None,
        promotion_starts_on=today + timedelta(days=1),
        promotion_ends_on=today + timedelta(days=9),
    )
    assert _names() == ["荷塘云栖府"]
    with pytest.raises(Http404):
        selectors.development_get_public(three.cuiwan.pk)
    development_update(
        development=three.cidu,
        actor=None,
        promotion_starts_on=today - timedelta(days=9),
        promotion_ends_on=today,
    )
    assert _names() == ["醴陵瓷都壹号", "荷塘云栖府"]  # the last day still counts


def test_filters(three) -> None:  # type: ignore[no-untyped-def]
    assert _names(district="430281000000") == ["醴陵瓷都壹号"]
    assert _names(district="天元区") == ["湘江翠湾"]
    assert _names(status="sold_out") == ["荷塘云栖府"]
    assert _names(bedrooms=4) == ["湘江翠湾"]
    assert _names(bedrooms=5) == ["荷塘云栖府"]
    assert _names(bedrooms=9) == []
    # Price ranges overlap the asked range; 价格待定 (瓷都) drops out of price filters.
    assert _names(min_unit_price=Decimal("9000")) == ["湘江翠湾"]
    assert _names(max_unit_price=Decimal("8000")) == ["荷塘云栖府"]
    assert _names(min_unit_price=Decimal("8600"), max_unit_price=Decimal("8800")) == [
        "湘江翠湾",
        "荷塘云栖府",
    ]
    assert _names(min_unit_price=Decimal("20000")) == []


def test_list_items_carry_their_unit_type_figures(three) -> None:  # type: ignore[no-untyped-def]
    cuiwan = selectors.development_search().get(pk=three.cuiwan.pk)
    assert (cuiwan.min_area, cuiwan.max_area) == (Decimal("89.00"), Decimal("143.00"))
    assert (cuiwan.units_available, cuiwan.unit_type_count) == (46, 3)


def test_price_summary_falls_back_on_unit_types(three) -> None:  # type: ignore[no-untyped-def]
    summary = selectors.price_summary(three.cuiwan)
    assert (summary.min_total_price, summary.max_total_price) == (
        Decimal("780000.00"),
        Decimal("1650000.00"),
    )
    development_update(
        development=three.cuiwan, actor=None, min_total_price=None, max_total_price=None
    )
    summary = selectors.price_summary(three.cuiwan)
    assert (summary.min_total_price, summary.max_total_price) == (
        Decimal("798000.00"),
        Decimal("1580000.00"),
    )
    assert summary.units_available == 46
    empty = selectors.price_summary(three.cidu)
    assert not empty.has_unit_price
    assert not empty.has_total_price


def test_handlers_see_enquiries_of_their_jurisdiction(world) -> None:  # type: ignore[no-untyped-def]
    tianyuan = enquire(world.cuiwan)
    liling = enquire(world.cidu, phone="13900000000")
    assert set(selectors.enquiries_for_handler(user=world.handler)) == {tianyuan, liling}
    assert list(selectors.enquiries_for_handler(user=world.liling_handler)) == [liling]
    assert list(selectors.enquiries_for_handler(user=world.editor)) == []
    assert list(selectors.enquiries_for_handler(user=world.stranger)) == []
    with pytest.raises(Http404):
        selectors.enquiry_get_for_handler(user=world.liling_handler, pk=tianyuan.pk)
    assert selectors.new_enquiry_count(world.handler) == 2
    assert list(selectors.enquiries_for_handler(user=world.handler, development=world.cidu.pk)) == [
        liling
    ]
