"""Demo buyers' demands: one registered online, one taken on the phone by the demo's
housing staff (fangchan), both in 天元区, so "my demands" and the match list show
something. Idempotent: a demand is recognised by its buyer's phone."""

from typing import TextIO

from cityplatform.accounts.models import User
from cityplatform.housing.models import BuyerDemand, Listing, ListingStatus
from cityplatform.housing.services import demand_assign, demand_register, listing_match_demands

DEMANDS = [
    {
        "buyer_name": "李女士",
        "buyer_phone": "13900000001",
        "districts": ["天元区"],
        "budget_min_yuan": 600_000,
        "budget_max_yuan": 1_000_000,
        "bedrooms_min": 3,
        "features": ["家电齐全"],
        "notice_preference": "instant",
    },
    {
        "buyer_name": "周先生",
        "buyer_phone": "13900000002",
        "communities": ["春藤小镇", "美的城"],
        "budget_max_yuan": 800_000,
        "keywords": "二中",
        "notice_preference": "digest",
        "digest_max_listings": 3,
        "notes": "孩子明年上初中，希望离二中近",
    },
]


def load(out: TextIO) -> None:
    staff = User.objects.get(username="fangchan")
    created = []
    for values in DEMANDS:
        if BuyerDemand.objects.filter(buyer_phone=values["buyer_phone"]).exists():
            continue
        source = "phone" if values["notice_preference"] == "digest" else "online"
        demand = demand_register(
            actor=staff if source == "phone" else None, source=source, **values
        )
        if demand.assigned_to is None:
            demand_assign(demand=demand, actor=staff, staff=staff)
        created.append(demand)
    if created:
        # The seed's listings were published before these demands existed.
        for listing_id in Listing.objects.filter(status=ListingStatus.PUBLISHED).values_list(
            "pk", flat=True
        ):
            listing_match_demands(listing_id=listing_id)
    out.write(f"  housing: {len(created)} buyer demands\n")
