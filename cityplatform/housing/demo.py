"""Demo housing: the seed page's second-hand ads, imported through the same service as
`import_ads`, then submitted, verified against their own figures and published by the
platform; and the housing staff login. Then a few viewings and deals (demo_market)
and buyers' demands (demo_demands).
"""

from pathlib import Path
from typing import TextIO

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.housing import demo_demands, demo_market
from cityplatform.housing.adparse import parse_text
from cityplatform.housing.models import Listing, ListingStatus
from cityplatform.housing.services import (
    listing_import_from_ad,
    listing_submit,
    listing_verify,
)
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

# The seed page's ad table, verbatim (shared with the parser's tests).
SEED_ADS = Path(__file__).parent / "tests" / "data" / "seed_ads.txt"

LOGINS = [("fangchan", "二手房交易员 (株洲市)")]


def load(out: TextIO) -> None:
    user_ensure(
        username="fangchan",
        password=DEMO_PASSWORD,
        display_name="二手房交易员",
        jurisdiction=Place.objects.get(code=ZHUZHOU),
        roles=["housing_staff"],
        is_staff=True,
    )
    ads = parse_text(SEED_ADS.read_text(encoding="utf-8"))
    created = refused = 0
    for ad in ads:
        listing, was_created, _problems = listing_import_from_ad(parsed=ad)
        if listing is None:
            refused += 1
            continue
        created += was_created
        _publish(listing)
    out.write(f"  housing: {len(ads)} ads, {created} listings created, {refused} not importable\n")
    demo_market.load(out)
    demo_demands.load(out)


def _publish(listing: Listing) -> None:
    """As staff would after checking with the owner: here the ad's own figures are the
    deed and the owner's price."""
    if listing.status == ListingStatus.DRAFT:
        listing_submit(listing=listing, actor=None)
    if listing.status == ListingStatus.PENDING and listing.possible_duplicate_of_id is None:
        listing_verify(
            listing=listing,
            actor=None,
            deed_area_m2=listing.area_m2,
            bedrooms=listing.bedrooms,
            living_rooms=listing.living_rooms,
            bathrooms=listing.bathrooms,
            consigned_price_yuan=listing.price_yuan,
        )
