"""Registering and changing buyers' demands: validation, places, match keys, history."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import (
    MAX_PRICE_YUAN,
    BuyerDemand,
    DemandEvent,
    DemandMatchKey,
    DemandStatus,
)
from cityplatform.housing.models.demands import ANYWHERE
from cityplatform.housing.tests.demand_helpers import register
from conftest import LILING, TIANYUAN, ZHUZHOU

pytestmark = pytest.mark.django_db


def keys(demand: BuyerDemand) -> list[tuple[Any, ...]]:
    return sorted(
        DemandMatchKey.objects.filter(demand=demand).values_list(
            "scope", "budget_min", "budget_max", "bedrooms_min", "bedrooms_max"
        )
    )


def test_an_online_demand_is_open_with_its_keys_and_history(community) -> None:  # type: ignore[no-untyped-def]
    demand = register(communities=["金涛小区"], features=["家电齐全", "家电齐全"], keywords="二中")
    assert demand.status == DemandStatus.OPEN
    assert demand.place_id == TIANYUAN  # the one district named
    assert demand.buyer_phone == "13912345678"
    assert demand.features == ["家电齐全"]
    assert demand.match_terms == {"features": {"家电齐全": ["家电齐全"]}, "keywords": ["二中"]}
    assert keys(demand) == [
        (f"c{community.pk}", 700_000, 1_000_000, 2, 3),
        (f"p{TIANYUAN}", 700_000, 1_000_000, 2, 3),
    ]
    event = DemandEvent.objects.get(demand=demand)
    assert (event.from_status, event.to_status, event.actor) == ("", "open", None)


def test_open_bounds_are_stored_as_the_widest_range(places: None) -> None:
    demand = register(districts=[], budget_min_yuan=None, bedrooms_min=None, bedrooms_max=None)
    assert demand.place_id == ZHUZHOU  # no district: the city's staff see it
    assert keys(demand) == [(ANYWHERE, 0, 1_000_000, 0, 20)]
    key = DemandMatchKey.objects.get(demand=demand)
    assert (key.area_min, key.area_max, key.building_types) == (Decimal(0), Decimal(10_000), 0)


def test_several_districts_belong_to_the_city(places: None) -> None:
    demand = register(districts=[TIANYUAN, "醴陵市"])
    assert demand.place_id == ZHUZHOU
    assert {k[0] for k in keys(demand)} == {f"p{TIANYUAN}", f"p{LILING}"}


def test_phone_numbers_are_normalised(places: None) -> None:
    assert register(buyer_phone="139 1234 5678").buyer_phone == "13912345678"
    assert register(buyer_phone="0731-2820 0686").buyer_phone == "0731-28200686"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"buyer_phone": "12345"}, "buyer_phone", "invalid_phone"),
        ({"buyer_phone": ""}, "buyer_phone", "required"),
        ({"buyer_name": "  "}, "buyer_name", "required"),
        ({"budget_min_yuan": 1_200_000}, "budget_min_yuan", "range"),
        ({"budget_max_yuan": -5}, "budget_max_yuan", "out_of_range"),
        ({"budget_max_yuan": MAX_PRICE_YUAN + 1}, "budget_max_yuan", "out_of_range"),
        ({"budget_max_yuan": "八十万"}, "budget_max_yuan", "invalid"),
        ({"bedrooms_min": 4}, "bedrooms_min", "range"),
        ({"bedrooms_max": 21}, "bedrooms_max", "out_of_range"),
        ({"area_min_m2": 0}, "area_min_m2", "out_of_range"),
        ({"area_max_m2": 10_001}, "area_max_m2", "out_of_range"),
        ({"area_min_m2": 150, "area_max_m2": 90}, "area_min_m2", "range"),
        ({"districts": ["火星区"]}, "districts", "invalid_choice"),
        ({"districts": ["430281002000"]}, "districts", "invalid_choice"),  # a town, not a county
        ({"communities": ["没有这个小区"]}, "communities", "unknown_community"),
        ({"building_types": ["castle"]}, "building_types", "invalid_choice"),
        ({"features": ["x" * 33]}, "features", "invalid"),
        ({"keywords": "二" * 101}, "keywords", "max_length"),
        ({"notice_preference": "hourly"}, "notice_preference", "invalid_choice"),
        ({"digest_max_listings": 0}, "digest_max_listings", "out_of_range"),
        ({"digest_max_listings": 21}, "digest_max_listings", "out_of_range"),
        (
            {"districts": [], "budget_max_yuan": None, "budget_min_yuan": None},
            "districts",
            "required",
        ),
    ],
)
def test_bad_demands_are_refused_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    community, changes, field, code
) -> None:
    with pytest.raises(ValidationError) as caught:
        register(**changes)
    errors = caught.value.error_dict
    assert field in errors, errors
    assert code in [e.code for e in errors[field]]
    assert not BuyerDemand.objects.exists()
    assert not DemandMatchKey.objects.exists()
    assert not DemandEvent.objects.exists()


def test_every_bad_field_is_named_at_once(places: None) -> None:
    with pytest.raises(ValidationError) as caught:
        register(buyer_phone="1", budget_min_yuan=2_000_000, bedrooms_max=99)
    assert {"buyer_phone", "budget_min_yuan", "bedrooms_max"} <= set(caught.value.error_dict)


def test_the_database_refuses_impossible_ranges_too(places: None) -> None:
    from django.db import IntegrityError, transaction

    demand = register()
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerDemand.objects.filter(pk=demand.pk).update(budget_min_yuan=2_000_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        BuyerDemand.objects.filter(pk=demand.pk).update(bedrooms_max=30)


def test_staff_take_a_demand_by_phone_and_are_assigned(people) -> None:  # type: ignore[no-untyped-def]
    demand = register(actor=people.staff, source="phone", notes="下午三点后方便接电话")
    assert (demand.source, demand.taken_by, demand.assigned_to) == (
        "phone",
        people.staff,
        people.staff,
    )
    assert DemandEvent.objects.get(demand=demand).actor == people.staff


def test_a_phone_demand_needs_staff_of_its_district(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        register(actor=people.liling_staff, source="phone")  # a 天元区 demand
    with pytest.raises(PermissionDenied):
        register(actor=people.stranger, source="phone")
    with pytest.raises(PermissionDenied):
        register(source="phone")  # nobody took the call
    with pytest.raises(ValidationError):
        register(assigned_to=people.liling_staff)
    assert not BuyerDemand.objects.exists()


def test_pausing_removes_the_keys_and_reopening_restores_them(people) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    services.demand_set_status(demand=demand, actor=people.staff, status="paused", note="出差两周")
    assert demand.status == "paused"
    assert not DemandMatchKey.objects.filter(demand=demand).exists()
    services.demand_set_status(demand=demand, actor=people.staff, status="open")
    assert DemandMatchKey.objects.filter(demand=demand).count() == 1
    services.demand_set_status(demand=demand, actor=people.staff, status="satisfied")
    assert not DemandMatchKey.objects.filter(demand=demand).exists()
    history = [(e.from_status, e.to_status) for e in demand.events.order_by("at", "id")]
    assert history == [("", "open"), ("open", "paused"), ("paused", "open"), ("open", "satisfied")]
    assert demand.events.get(to_status="paused").note == "出差两周"


def test_status_moves_outside_the_workflow_are_a_409(people) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    with pytest.raises(DomainError) as caught:
        services.demand_set_status(demand=demand, actor=people.staff, status="open")
    assert caught.value.status == 409
    with pytest.raises(ValidationError):
        services.demand_set_status(demand=demand, actor=people.staff, status="sleeping")
    with pytest.raises(PermissionDenied):
        services.demand_set_status(demand=demand, actor=people.liling_staff, status="closed")


def test_changing_criteria_rebuilds_the_keys(people, community) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    services.demand_update(
        demand=demand,
        actor=people.staff,
        budget_max_yuan=900_000,
        districts=[],
        communities=[community],
    )
    assert keys(demand) == [(f"c{community.pk}", 700_000, 900_000, 2, 3)]
    assert demand.events.last().note == "Changed: budget_max_yuan, communities, districts"  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        services.demand_update(demand=demand, actor=people.staff, budget_min_yuan=950_000)
    demand.refresh_from_db()
    assert demand.budget_min_yuan == 700_000
    assert keys(demand)[0][1] == 700_000


def test_assigning_needs_staff_of_the_district(people) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    services.demand_assign(demand=demand, actor=people.city_staff, staff=people.staff)
    assert demand.assigned_to == people.staff
    with pytest.raises(ValidationError):
        services.demand_assign(demand=demand, actor=people.city_staff, staff=people.liling_staff)
    with pytest.raises(ValidationError):
        services.demand_assign(demand=demand, actor=people.city_staff, staff=people.stranger)
    services.demand_assign(demand=demand, actor=people.staff, staff=None)
    demand.refresh_from_db()
    assert demand.assigned_to is None
