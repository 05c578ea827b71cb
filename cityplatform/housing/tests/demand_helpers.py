"""Buyers' demands for the tests: `register` creates an online demand in 天元区 with an
80-100万 budget and 2-3 bedrooms unless told otherwise."""

from typing import Any

from cityplatform.housing import services
from cityplatform.housing.models import BuyerDemand
from conftest import TIANYUAN

DEMAND: dict[str, Any] = {
    "buyer_name": "李女士",
    "buyer_phone": "13912345678",
    "districts": [TIANYUAN],
    "budget_min_yuan": 700_000,
    "budget_max_yuan": 1_000_000,
    "bedrooms_min": 2,
    "bedrooms_max": 3,
}


def register(**changes: Any) -> BuyerDemand:
    values = {**DEMAND, **changes}
    return services.demand_register(**values)
