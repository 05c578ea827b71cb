"""A listing's way through the market: submit, verify (真房源), publish, offer, sale,
withdrawal and relisting (refresh and expiry: `freshness`).

Each service locks the listing's row, checks the move against ALLOWED_TRANSITIONS on the
locked row (409 otherwise), writes, and appends a ListingEvent and an audit entry in the
same transaction. `actor` None is the platform itself; a user needs a housing role and
the listing's district in their jurisdiction.

Leaving the market, and deals (the rule these services keep):
- withdrawing a listing (listing_withdraw) lets its open deals fall through and
  cancels its viewings still to come, the withdrawal's note recorded on each deal's
  timeline and each viewing as the reason; expiry (freshness) cancels the viewings
  the same way. A home gone for good is never mailed to a buyer afterwards: its match
  notices waiting for a digest are marked not sent (see `market_exit`);
- a listing is sold only by closing one of its deals (services.deals.deal_advance),
  which calls listing_mark_sold; there is no sale by hand, so no sale can leave a
  deal open. A home sold outside the platform is withdrawn with a note instead;
- a listing goes under offer only as a deal opens on it (services.deals.deal_open
  calls listing_mark_under_offer with the deal); there is no "under offer" by hand.
  It goes back on the market when its last open deal falls through; by hand only
  when no deal is open on it (a listing left under offer without one).
All in the transaction of the move, the listing's row locked first, then its deals,
viewings and notices by id.

Duplicates: listing_submit (and listing_relist) store the first active listing that
looks like the same home in `possible_duplicate_of`. Such a listing cannot be published
or verified until staff either clear the flag (listing_duplicate_clear: "not the same
home") or withdraw it.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.housing import clock
from cityplatform.housing.models import (
    OPEN_DEAL_STAGES,
    Deal,
    DealStage,
    Listing,
    ListingStatus,
    MatchNotice,
)
from cityplatform.housing.selectors import listing_duplicates, listing_earliest_posting
from cityplatform.housing.services.common import (
    Errors,
    check_transition,
    clean_note,
    copy_back,
    event_record,
    lock,
    raise_if,
    require_staff,
)
from cityplatform.housing.services.market_exit import listing_leaves_market, withdrawal_reason
from cityplatform.housing.services.matching import listing_match_schedule
from cityplatform.housing.services.search_index import listing_terms_sync

S = ListingStatus
MatchTrigger = MatchNotice.Trigger

Prepare = Callable[[Listing, datetime], tuple[list[str], str]]


def listing_move(
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


def _refuse_open_deal(listing: Listing) -> None:
    deal = (
        Deal.objects.filter(listing=listing, stage__in=OPEN_DEAL_STAGES)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if deal is not None:
        raise DomainError(
            "deal_open",
            gettext("Deal #%(deal)s is still open on this listing: let it fall through first.")
            % {"deal": deal},
            status=409,
            deal=deal,
        )


def refuse_possible_duplicate(listing: Listing) -> None:
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


def go_live(listing: Listing, now: datetime) -> list[str]:
    if listing.first_listed_at is None:
        listing.first_listed_at = now
    listing.refreshed_at = now
    return ["first_listed_at", "refreshed_at"]


def listing_go_live(
    *, listing: Listing, actor: Any, from_status: str, note: str, prepare: Prepare
) -> Listing:
    """`from_status` → published (first listed and refreshed now, see go_live, which
    `prepare` calls), then the reverse match of the listing once committed."""
    published = listing_move(
        listing=listing,
        actor=actor,
        to_status=S.PUBLISHED,
        from_statuses=(from_status,),
        note=note,
        prepare=prepare,
    )
    listing_match_schedule(published, trigger=MatchTrigger.PUBLISHED)
    return published


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

    return listing_move(
        listing=listing,
        actor=actor,
        to_status=S.PENDING,
        from_statuses=(S.DRAFT,),
        note=note,
        prepare=prepare,
    )


def listing_publish(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """pending → published without the verified mark."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        refuse_possible_duplicate(locked)
        return go_live(locked, now), ""

    return listing_go_live(
        listing=listing, actor=actor, from_status=S.PENDING, note=note, prepare=prepare
    )


def listing_withdraw(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """Off the market at once (the owner changed their mind, or a report was upheld).
    Its open deals fall through and its viewings to come are cancelled, `note` being
    the reason recorded on each (see the module docstring)."""
    reason = withdrawal_reason(clean_text(note))

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        return [], listing_leaves_market(locked, actor=actor, now=clock.now(), reason=reason)

    return listing_move(
        listing=listing, actor=actor, to_status=S.WITHDRAWN, note=note, prepare=prepare
    )


def listing_mark_under_offer(
    *, listing: Listing, deal: Deal, actor: Any, note: str = ""
) -> Listing:
    """published → under offer, as `deal` (created by the caller on the locked listing)
    opens at the offer stage: called by deal_open only. Anything else is refused (409
    "under_offer_needs_deal"): an offer agreed outside the platform is recorded as a
    deal, so that its falling through is what puts the home back on the market."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        # The deal as stored, not as passed: an unsaved or ended deal is no offer.
        opened = Deal.objects.filter(pk=deal.pk, listing=locked, stage__in=OPEN_DEAL_STAGES)
        if deal.pk is None or not opened.exists():
            raise DomainError(
                "under_offer_needs_deal",
                gettext(
                    "A listing goes under offer only when a deal is opened on it: record "
                    "the offer as a deal."
                ),
                status=409,
            )
        return [], ""

    return listing_move(
        listing=listing,
        actor=actor,
        to_status=S.UNDER_OFFER,
        from_statuses=(S.PUBLISHED,),
        note=note,
        prepare=prepare,
    )


def listing_back_on_market(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """under offer → published again (the offer came to nothing). Refused (409
    "deal_open") while a deal is open on the listing: that deal falls through instead
    (deal_fall_through), which puts the listing back itself once none is left."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        _refuse_open_deal(locked)
        return go_live(locked, now), ""

    return listing_go_live(
        listing=listing, actor=actor, from_status=S.UNDER_OFFER, note=note, prepare=prepare
    )


def listing_mark_sold(*, listing: Listing, deal: Deal, actor: Any, note: str = "") -> Listing:
    """under offer → sold, as `deal` (locked by the caller, the listing's row first)
    closes: called by deal_advance only. Any other deal still open falls through and
    the viewings to come are cancelled. Anything else is refused (409
    "sale_needs_deal"): a listing is not sold by hand."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        if deal.listing_id != locked.pk or deal.stage != DealStage.TRANSFER:
            raise DomainError(
                "sale_needs_deal",
                gettext("A listing is sold by closing its deal, once the transfer is registered."),
                status=409,
            )
        reason = gettext("The home was sold through deal #%(deal)s.") % {"deal": deal.pk}
        return [], listing_leaves_market(
            locked, actor=actor, now=clock.now(), reason=reason, keep=deal
        )

    # Only a listing under offer may become sold (ALLOWED_TRANSITIONS).
    return listing_move(listing=listing, actor=actor, to_status=S.SOLD, note=note, prepare=prepare)


def listing_relist(*, listing: Listing, actor: Any, note: str = "") -> Listing:
    """withdrawn or expired → pending verification again. The first listing date stays;
    the verified mark goes (the home is checked again)."""

    def prepare(locked: Listing, now: datetime) -> tuple[list[str], str]:
        locked.verified, locked.verified_at, locked.verified_by = False, None, None
        fields = ["verified", "verified_at", "verified_by", "possible_duplicate_of"]
        return fields, _flag_duplicate(locked)

    return listing_move(
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
