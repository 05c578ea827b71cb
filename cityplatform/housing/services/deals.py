"""Deals (成交): open on an offer, advance stage by stage, close or fall through.

The listing follows its deals through the lifecycle services, so every change of the
listing stays in its history (ListingEvent):
- opening a deal on a published listing puts it under offer (it leaves search at
  once); a second deal on a listing under offer is a backup offer;
- a deal falling through puts the listing back on the market when no other deal on
  it is still open;
- a deal closing marks the listing sold, and the other open deals on it fall through
  (this is the only way a listing is sold);
- withdrawing the listing lets its open deals fall through (services.market_exit).

Rows are locked in one order, the listing first and then its deals, so two staff
working on deals of one home are serialised and cannot deadlock.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.core.errors import DomainError
from cityplatform.housing.models import (
    MAX_PRICE_YUAN,
    NEXT_DEAL_STAGE,
    OPEN_DEAL_STAGES,
    Deal,
    DealStage,
    Listing,
    ListingStatus,
)
from cityplatform.housing.services.common import (
    CENT,
    Errors,
    add_error,
    clean_note,
    copy_back,
    lock,
    raise_if,
    require_staff,
)
from cityplatform.housing.services.deal_timeline import deal_end, deal_event_record
from cityplatform.housing.services.lifecycle import (
    listing_back_on_market,
    listing_mark_sold,
    listing_mark_under_offer,
)
from cityplatform.housing.services.viewings import check_assignee, clean_buyer

D = DealStage
# Where a deal can be opened.
ON_THE_MARKET = (ListingStatus.PUBLISHED, ListingStatus.UNDER_OFFER)


def clean_money(errors: Errors, field: str, value: Any) -> Decimal | None:
    """Yuan with at most two decimals, above 0 and at most 1,000,000,000. Text, whole
    numbers and Decimals are accepted; floats are not (they cannot hold money exactly)."""
    if value is None or value == "":
        add_error(errors, field, _("Give the agreed price in yuan."), "required")
        return None
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        add_error(errors, field, _("Give the price as a number of yuan."), "invalid")
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        add_error(errors, field, _("Give the price as a number of yuan."), "invalid")
        return None
    if not amount.is_finite() or amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        add_error(errors, field, _("Give the price in yuan with at most two decimals."), "invalid")
        return None
    if not 0 < amount <= MAX_PRICE_YUAN:
        add_error(
            errors,
            field,
            _("A price must be above 0 and at most %(max)s yuan."),
            "out_of_range",
            max=f"{MAX_PRICE_YUAN:,}",
        )
        return None
    return amount.quantize(CENT)


def _refuse_unless_open(deal: Deal) -> None:
    if not deal.is_open:
        raise DomainError(
            "invalid_transition",
            gettext("This deal is already “%(stage)s”.") % {"stage": DealStage(deal.stage).label},
            status=409,
            current_stage=deal.stage,
        )


def _copy_deal(target: Deal, source: Deal) -> None:
    for field in ("stage", "agreed_price_yuan", "ended_at", "updated_at"):
        setattr(target, field, getattr(source, field))


def _lock_deal(deal: Deal) -> Deal:
    return Deal.objects.select_for_update(of=("self",)).get(pk=deal.pk)


def deal_open(
    *,
    listing: Listing,
    actor: Any,
    buyer_name: str,
    buyer_phone: str,
    agreed_price_yuan: Any,
    staff: Any = None,
    note: str = "",
) -> Deal:
    """A buyer's offer was accepted: open a deal at the "offer" stage.

    The listing must be on the market (published, or under offer for a backup offer);
    a published one goes under offer. `staff` (who looks after the deal) defaults to
    the actor and must work the listing's district.
    """
    require_staff(actor, listing.place_id)
    staff = staff if staff is not None else actor
    errors: Errors = {}
    name, phone = clean_buyer(errors, buyer_name, buyer_phone)
    price = clean_money(errors, "agreed_price_yuan", agreed_price_yuan)
    check_assignee(errors, staff, listing)
    text = clean_note(errors, note)
    raise_if(errors)
    assert price is not None
    with transaction.atomic():
        locked = lock(listing)
        if locked.status not in ON_THE_MARKET:
            raise DomainError(
                "listing_not_on_market",
                gettext("A deal needs a listing on the market; this one is “%(status)s”.")
                % {"status": ListingStatus(locked.status).label},
                status=409,
                current_status=locked.status,
            )
        deal = Deal.objects.create(
            listing=locked,
            buyer_name=name,
            buyer_phone=phone,
            staff=staff,
            agreed_price_yuan=price,
        )
        deal_event_record(deal, actor, "", text)
        if locked.status == ListingStatus.PUBLISHED:
            listing_mark_under_offer(
                listing=locked,
                deal=deal,
                actor=actor,
                note=gettext("Offer accepted: deal #%(deal)s.") % {"deal": deal.pk},
            )
    copy_back(listing, locked)
    return deal


def deal_advance(
    *,
    deal: Deal,
    actor: Any,
    note: str = "",
    agreed_price_yuan: Any = None,
    expected_stage: str | None = None,
) -> Deal:
    """One stage forward: offer → contract → payment/loan → transfer registered →
    closed. The agreed price may change on the way (the contract's price). Closing
    marks the listing sold and lets the other open deals on it fall through.

    `expected_stage` is the stage the caller saw: if the deal has moved on meanwhile
    (a colleague, a double click) the step is refused (409) instead of taken twice.
    """
    listing = deal.listing
    require_staff(actor, listing.place_id)
    errors: Errors = {}
    text = clean_note(errors, note)
    price = None
    if agreed_price_yuan not in (None, ""):
        price = clean_money(errors, "agreed_price_yuan", agreed_price_yuan)
    raise_if(errors)
    with transaction.atomic():
        locked_listing = lock(listing)
        locked = _lock_deal(deal)
        _refuse_unless_open(locked)
        if expected_stage and expected_stage != locked.stage:
            raise DomainError(
                "stage_changed",
                gettext("The deal is already at “%(stage)s”: reload and check.")
                % {"stage": DealStage(locked.stage).label},
                status=409,
                current_stage=locked.stage,
            )
        to_stage = NEXT_DEAL_STAGE[locked.stage]
        from_stage = locked.stage
        if to_stage == D.CLOSED:
            _close(locked, locked_listing, actor)
        locked.stage = to_stage
        fields = ["stage", "updated_at"]
        if price is not None:
            locked.agreed_price_yuan = price
            fields.append("agreed_price_yuan")
        if to_stage == D.CLOSED:
            locked.ended_at = timezone.now()
            fields.append("ended_at")
        locked.save(update_fields=fields)
        deal_event_record(locked, actor, from_stage, text)
    copy_back(listing, locked_listing)
    _copy_deal(deal, locked)
    return locked


def _close(deal: Deal, listing: Listing, actor: Any) -> None:
    if listing.status != ListingStatus.UNDER_OFFER:
        raise DomainError(
            "listing_not_under_offer",
            gettext("The listing is “%(status)s”, not under offer: the deal cannot close.")
            % {"status": ListingStatus(listing.status).label},
            status=409,
            current_status=listing.status,
        )
    # The other open deals fall through and the viewings to come are cancelled there.
    listing_mark_sold(
        listing=listing,
        deal=deal,
        actor=actor,
        note=gettext("Sold: deal #%(deal)s closed.") % {"deal": deal.pk},
    )


def deal_fall_through(*, deal: Deal, actor: Any, note: str) -> Deal:
    """The deal ended without a sale (the loan was refused, the buyer withdrew…); the
    note says why. The listing goes back on the market if no other deal is open."""
    listing = deal.listing
    require_staff(actor, listing.place_id)
    errors: Errors = {}
    text = clean_note(errors, note)
    if not text:
        add_error(errors, "note", _("Say why the deal fell through."), "required")
    raise_if(errors)
    with transaction.atomic():
        locked_listing = lock(listing)
        locked = _lock_deal(deal)
        _refuse_unless_open(locked)
        deal_end(locked, actor, D.FALLEN_THROUGH, text)
        still_open = Deal.objects.filter(listing=listing, stage__in=OPEN_DEAL_STAGES).exists()
        if locked_listing.status == ListingStatus.UNDER_OFFER and not still_open:
            listing_back_on_market(
                listing=locked_listing,
                actor=actor,
                note=gettext("Deal #%(deal)s fell through.") % {"deal": locked.pk},
            )
    copy_back(listing, locked_listing)
    _copy_deal(deal, locked)
    return locked
