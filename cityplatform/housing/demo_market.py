"""Demo viewings and deals over the seed's listings, made through the services like a
staff member would (fangchan, the demo's housing staff):

- two viewings: one later today (for the console's "viewings today"; skipped when
  the demo is loaded too late in the evening for one), one tomorrow morning;
- three deals: one at the contract stage (its home under offer), one closed (its
  home sold), one fallen through (its home back on the market).

Idempotent: a viewing or deal is recognised by its buyer's phone. A listing that is
no longer on the market is left alone.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from cityplatform.accounts.models import User
from cityplatform.housing import clock
from cityplatform.housing.models import Deal, Listing, ListingStatus, Viewing
from cityplatform.housing.services import (
    deal_advance,
    deal_fall_through,
    deal_open,
    viewing_book,
)

# (community, deed area, buyer, phone, days ahead, the times to try)
VIEWINGS = [
    # Today: the first of these times still ahead when the demo is loaded.
    ("滨江一村", "87", "孙女士", "13900000011", 0, (time(16, 0), time(19, 0), time(20, 0))),
    ("龙腾国际", "92.41", "吴先生", "13900000012", 1, (time(10, 0),)),
]
# (community, deed area, buyer, phone, stages forward, why it fell through): the
# community and the deed area name the seed's ad.
DEALS = [
    ("泰山公馆", "129", "郑先生", "13900000021", 1, ""),
    ("钻石花园", "70", "王女士", "13900000022", 4, ""),
    ("锦云小区", "129", "冯先生", "13900000023", 0, "买家贷款未获批准"),
]
# The agreed price: a little under the asking price, in whole thousands of yuan.
DISCOUNT = Decimal("0.97")


def _listing(community: str, area: str) -> Listing | None:
    return (
        Listing.objects.filter(
            community__name=community, area_m2=Decimal(area), status=ListingStatus.PUBLISHED
        )
        .order_by("pk")
        .first()
    )


def _slot(days: int, times: tuple[time, ...]) -> datetime | None:
    day = clock.today() + timedelta(days=days)
    soon = clock.now() + timedelta(minutes=15)
    for at in times:
        starts = timezone.make_aware(datetime.combine(day, at))
        if starts > soon:
            return starts
    return None


def _book_viewings(staff: User) -> int:
    booked = 0
    for community, area, buyer, phone, days, times in VIEWINGS:
        if Viewing.objects.filter(buyer_phone=phone).exists():
            continue
        listing, starts = _listing(community, area), _slot(days, times)
        if listing is None or starts is None:
            continue
        viewing_book(
            listing=listing, actor=staff, buyer_name=buyer, buyer_phone=phone, starts_at=starts
        )
        booked += 1
    return booked


def _agreed_price(listing: Listing) -> Decimal:
    asking = Decimal(listing.price_yuan or 0)
    return (asking * DISCOUNT / 1000).quantize(Decimal(1)) * 1000


def _make_deals(staff: User) -> int:
    made = 0
    for community, area, buyer, phone, steps, fell_through in DEALS:
        if Deal.objects.filter(buyer_phone=phone).exists():
            continue
        listing = _listing(community, area)
        if listing is None or listing.price_yuan is None:
            continue
        deal = deal_open(
            listing=listing,
            actor=staff,
            buyer_name=buyer,
            buyer_phone=phone,
            agreed_price_yuan=_agreed_price(listing),
        )
        for _step in range(steps):
            deal_advance(deal=deal, actor=staff)
        if fell_through:
            deal_fall_through(deal=deal, actor=staff, note=fell_through)
        made += 1
    return made


def load(out: TextIO) -> None:
    staff = User.objects.get(username="fangchan")
    viewings = _book_viewings(staff)
    deals = _make_deals(staff)
    out.write(f"  housing: {viewings} viewings booked, {deals} deals\n")
