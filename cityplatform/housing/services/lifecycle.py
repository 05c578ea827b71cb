"""A listing's way through the market: submit, verify (真房源), publish, offer, sale,
withdrawal and relisting (refresh and expiry: `freshness`).

Each service locks the listing's row, checks the move against ALLOWED_TRANSITIONS on the
locked row (409 otherwise), writes, and appends a ListingEvent and an audit entry in the
same transaction. `actor` None is the platform itself; a user needs a housing role and
the listing's district in their jurisdiction.

Duplicates: listing_submit (and listing_relist) store the first active listing that
looks like the same home in `possible_duplicate_of`. Such a listing cannot be published
or verified until staff either clear the flag (listing_duplicate_clear: "not the same
home") or withdraw it.
"""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.core.errors import DomainError
from cityplatform.housing.models import Listing, ListingStatus, MatchNotice
from cityplatform.housing.selectors import listing_duplicates, listing_earliest_posting
from cityplatform.housing.services.common import (
    Errors,
    check_transition,
    clean_area,
    clean_count,
    clean_note,
    clean_price,
    copy_back,
    event_record,
    lock,
    raise_if,
    require_staff,
    within_percent,
)
from cityplatform.housing.services.listings import PRICE_TOLERANCE_PERCENT
from cityplatform.housing.services.matching import listing_match_schedule
from cityplatform.housing.services.search_index import listing_terms_sync

S = ListingStatus
MatchTrigger = MatchNotice.Trigger
AREA_TOLERANCE_M2 = Decimal(1)

Prepare = Callable[[Listing, datetime], tuple[list[str], str]]


def _move(
    *,
    listing: Listing,
    actor: Any,
    to_status: str,
    from_statuses: tuple[str, ...] | None = None,
    note: str = "",
    prepare: Prepare | None = None,
) -> Listing:
    errors: Errors = {}
    text = clean_note(errors, note)
    raise_if(errors)
    require_staff(actor, listing.place_id)
    with transaction.atomic():
        locked = lock(listing)
        check_transition(locked, to_status, from_statuses)
        from_status = locked.status
        fields: list[str] = []
        if prepare is not None:
            fields, extra = prepare(locked, timezone.now())
            text = " ".join(filter(None, [text, extra]))
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at", *fields])
        listing_terms_sync(locked)
        event_record(
            listing=locked,
            actor=actor,
            from_status=from_status,
            old_price_yuan=locked.price_yuan,
            note=text,
        )
    copy_back(listing, locked)
    return locked


def _refuse_possible_duplicate(listing: Listing) -> None:
    if listing.possible_duplicate_of_id is not None:
        raise DomainError(
            "possible_duplicate",
            gettext(
                "This listing may be the same home as listing #%(other)s: clear the flag or "
                "withdraw it first."
            )
            % {"other": listing.possible_duplicate_of_id},
            status=409,
            duplicate_of=listing.possible_duplicate_of_id,
        )


def _flag_duplicate(listing: Listing) -> str:
    duplicate = listing_duplicates(listing).order_by("pk").first()
    listing.possible_duplicate_of = duplicate
    if duplicate is None:
        return ""
    return gettext("Possible duplicate of listing #%(other)s.") % {"other": duplicate.pk}


def _go_live(listing: Listing, now: datetime) -> list[str]:
    if listing.first_listed_at is None:
        listing.first_listed_at = now
    listing.refreshed_at = now
    return ["first_listed_at", "refreshed_at"]


def listing_submit(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """draft → pending verification, flagging a possible duplicate (see module docstring).

    A home that was on the market before as another listing (withdrawn or expired)
    keeps that listing's first listing date.
    """

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        fields = ["possible_duplicate_of"]
        if locked.first_listed_at is None:
            earlier = listing_earliest_posting(locked)
            if earlier is not None:
                locked.first_listed_at = earlier
                fields.append("first_listed_at")
        return fields, _flag_duplicate(locked)

    return _move(
        listing=listing,
        actor=actor,
        to_status=S.PENDING,
        from_statuses=(S.DRAFT,),
        note=note,
        prepare=prepare,
    )


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
        _refuse_possible_duplicate(locked)
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
        return [*fields, *_go_live(locked, now)], gettext("Verified against the deed.")

    published = _move(
        listing=listing,
        actor=actor,
        to_status=S.PUBLISHED,
        from_statuses=(S.PENDING,),
        note=note,
        prepare=prepare,
    )
    listing_match_schedule(published, trigger=MatchTrigger.PUBLISHED)
    return published


def listing_publish(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """pending → published without the verified mark."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        _refuse_possible_duplicate(locked)
        return _go_live(locked, now), ""

    published = _move(
        listing=listing,
        actor=actor,
        to_status=S.PUBLISHED,
        from_statuses=(S.PENDING,),
        note=note,
        prepare=prepare,
    )
    listing_match_schedule(published, trigger=MatchTrigger.PUBLISHED)
    return published


def listing_withdraw(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """Off the market at once (the owner changed their mind, or a report was upheld)."""
    return _move(listing=listing, actor=actor, to_status=S.WITHDRAWN, note=note)


def listing_mark_under_offer(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    return _move(listing=listing, actor=actor, to_status=S.UNDER_OFFER, note=note)


def listing_back_on_market(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """under offer → published again (the deal fell through)."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        return _go_live(locked, now), ""

    published = _move(
        listing=listing,
        actor=actor,
        to_status=S.PUBLISHED,
        from_statuses=(S.UNDER_OFFER,),
        note=note,
        prepare=prepare,
    )
    listing_match_schedule(published, trigger=MatchTrigger.PUBLISHED)
    return published


def listing_mark_sold(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    return _move(listing=listing, actor=actor, to_status=S.SOLD, note=note)


def listing_relist(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """withdrawn or expired → pending verification again. The first listing date stays;
    the verified mark goes (the home is checked again)."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        locked.verified, locked.verified_at, locked.verified_by = False, None, None
        fields = ["verified", "verified_at", "verified_by", "possible_duplicate_of"]
        return fields, _flag_duplicate(locked)

    return _move(
        listing=listing,
        actor=actor,
        to_status=S.PENDING,
        from_statuses=(S.WITHDRAWN, S.EXPIRED),
        note=note,
        prepare=prepare,
    )


def listing_duplicate_clear(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """Staff checked the flagged pair: not the same home. The listing may be published."""
    errors: Errors = {}
    text = clean_note(errors, note)
    raise_if(errors)
    require_staff(actor, listing.place_id)
    with transaction.atomic():
        locked = lock(listing)
        other = locked.possible_duplicate_of_id
        if other is None:
            raise DomainError(
                "not_flagged", gettext("This listing is not flagged as a duplicate."), status=409
            )
        locked.possible_duplicate_of = None
        locked.save(update_fields=["possible_duplicate_of", "updated_at"])
        cleared = gettext("Not the same home as listing #%(other)s.") % {"other": other}
        event_record(
            listing=locked,
            actor=actor,
            from_status=locked.status,
            old_price_yuan=locked.price_yuan,
            note=" ".join(filter(None, [cleared, text])),
        )
    copy_back(listing, locked)
    return locked
