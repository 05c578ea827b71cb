"""One budget of demand registrations per client address, shared by the public page
(views_demands) and the API (api_demands), so a script cannot double it by
alternating between them."""

from cityplatform.core.throttles import ClientAddressBudget

# A household registers a demand or two; a script flooding staff with calls to make
# is stopped.
DEMAND_RATE = "10/m"
DEMAND_SCOPE = "housing_demand"


def demand_budget() -> ClientAddressBudget:
    return ClientAddressBudget(DEMAND_RATE, scope=DEMAND_SCOPE)
