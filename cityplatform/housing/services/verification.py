"""True listings (真房源): staff check a pending listing against the owner's deed and
consigned price, and publish it as verified when it matches (see listing_verify)."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.core.errors import DomainError
from cityplatform.housing.models import Listing, ListingStatus, MatchNotice
from cityplatform.housing.services.common import (
    Errors,
    clean_area,
    clean_count,
    clean_price,
    raise_if,
    within_percent,
)
from cityplatform.housing.services.lifecycle import (
    go_live,
    listing_go_live,
    refuse_possible_duplicate,
)
from cityplatform.housing.services.listings import PRICE_TOLERANCE_PERCENT

S = ListingStatus
MatchTrigger = MatchNotice.Trigger
AREA_TOLERANCE_M2 = Decimal(1)


def verification_problems(
    listing: Listing,
    *,
    deed_area_m2: Decimal,
    bedrooms: int | None,
    living_rooms: int | None,
    bathrooms: int | None,
    consigned_price_yuan: int | None,
) -> list[str]:
    """Why the listing does not match the owner's deed and price; [] when it does.

    Area within ±1 m² of the deed's; each room count the listing states equals the
    deed's; the advertised price within ±3 % of the owner's consigned price (a 面议
    listing advertises none).
    """
    problems: list[str] = []
    if abs(listing.area_m2 - deed_area_m2) > AREA_TOLERANCE_M2:
        problems.append(
            gettext("The area %(area)s m² differs from the deed's %(deed)s m² by more than 1 m².")
            % {"area": listing.area_m2, "deed": deed_area_m2}
        )
    rooms = (
        (listing.bedrooms, bedrooms, _("bedrooms")),
        (listing.living_rooms, living_rooms, _("living rooms")),
        (listing.bathrooms, bathrooms, _("bathrooms")),
    )
    for advertised, actual, label in rooms:
        if advertised is not None and actual is not None and advertised != actual:
            problems.append(
                gettext("The listing has %(advertised)d %(what)s, the home %(actual)d.")
                % {"advertised": advertised, "actual": actual, "what": label}
            )
    if listing.price_yuan is not None:
        if consigned_price_yuan is None:
            problems.append(gettext("The owner's consigned price is needed to check the price."))
        elif not within_percent(listing.price_yuan, consigned_price_yuan, PRICE_TOLERANCE_PERCENT):
            problems.append(
                gettext(
                    "The price %(price)s yuan is more than 3 %% away from the owner's "
                    "%(consigned)s yuan."
                )
                % {"price": listing.price_yuan, "consigned": consigned_price_yuan}
            )
    return problems


def listing_verify(
    *,
    listing: Listing,
    actor: Any,
    deed_area_m2: Any,
    bedrooms: int | None = None,
    living_rooms: int | None = None,
    bathrooms: int | None = None,
    consigned_price_yuan: int | None = None,
    note: str = "",
) -> Listing:
    """Check a pending listing against the deed and the owner's price; publish it as
    verified (真房源) if it matches, else DomainError "verification_failed" (409) with
    the reasons in `details["reasons"]`.

    Room counts the listing left open are taken from the deed. `consigned_price_yuan`
    defaults to the one stored on the listing.
    """
    errors: Errors = {}
    deed = clean_area(errors, "deed_area_m2", deed_area_m2, required=True)
    layout = {
        field: clean_count(errors, field, value)
        for field, value in (
            ("bedrooms", bedrooms),
            ("living_rooms", living_rooms),
            ("bathrooms", bathrooms),
        )
    }
    consigned = clean_price(errors, "consigned_price_yuan", consigned_price_yuan)
    raise_if(errors)
    assert deed is not None  # required=True

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        refuse_possible_duplicate(locked)
        price = consigned if consigned is not None else locked.consigned_price_yuan
        problems = verification_problems(
            locked, deed_area_m2=deed, consigned_price_yuan=price, **layout
        )
        if problems:
            raise DomainError(
                "verification_failed",
                gettext("The listing does not match the owner's documents: %(reasons)s")
                % {"reasons": " ".join(problems)},
                status=409,
                reasons=problems,
            )
        for field, value in layout.items():
            if getattr(locked, field) is None and value is not None:
                setattr(locked, field, value)
        locked.consigned_price_yuan = price
        locked.verified, locked.verified_at = True, now
        locked.verified_by = actor
        fields = [*layout, "consigned_price_yuan", "verified", "verified_at", "verified_by"]
        return [*fields, *go_live(locked, now)], gettext("Verified against the deed.")

    return listing_go_live(
        listing=listing, actor=actor, from_status=S.PENDING, note=note, prepare=prepare
    )
