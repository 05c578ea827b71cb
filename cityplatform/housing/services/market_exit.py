"""What a home leaving the market for good takes with it, in the transaction that moves
it (withdrawal, expiry, a sale through a deal):

- its open deals fall through, the reason on each deal's timeline (a sale keeps the
  deal that closed);
- its scheduled viewings still to come are cancelled, the reason in their notes
  (a viewing already begun waits for staff to record what happened), and each
  cancelled viewing's staff member gets a call to make to its buyer, who has only a
  phone number with us (services.viewing_calls; on the console until recorded);
- its match notices still waiting for a buyer's digest are not sent (the digest
  would skip them anyway; marking them here, under the lock, means a digest running
  at the same moment cannot mail a home that has just left search).

Lock order, the same in every housing service: the listing's row (held by the
caller), then its deals, then its viewings, then its match notices, each in
primary-key order, so these never deadlock with the deal, viewing or digest services.
"""

from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.utils.translation import gettext, ngettext

from cityplatform.audit.services import Action, audit_record
from cityplatform.housing.models import (
    OPEN_DEAL_STAGES,
    Deal,
    DealStage,
    Listing,
    MatchNotice,
    Viewing,
    ViewingStatus,
)
from cityplatform.housing.services.deal_timeline import deal_end
from cityplatform.housing.services.viewing_calls import viewing_calls_create


def open_deals_fall_through(
    listing: Listing, actor: Any, reason: str, *, keep: Deal | None = None
) -> list[int]:
    """Every open deal of the (locked) listing but `keep` falls through with `reason`;
    returns their ids."""
    deals = (
        Deal.objects.select_for_update(of=("self",))
        .filter(listing=listing, stage__in=OPEN_DEAL_STAGES)
        .order_by("pk")
    )
    if keep is not None:
        deals = deals.exclude(pk=keep.pk)
    ended = []
    for deal in deals:
        deal_end(deal, actor, DealStage.FALLEN_THROUGH, reason)
        ended.append(deal.pk)
    return ended


def future_viewings_cancel(
    listings: Collection[Listing], *, actor: Any, now: datetime, reason: str
) -> int:
    """Cancel the scheduled viewings of these (locked) listings that begin after `now`,
    with `reason` as their notes, and ask their staff to call the buyers; returns how
    many."""
    places = {x.pk: x.place_id for x in listings}
    viewings = list(
        Viewing.objects.select_for_update(of=("self",))
        .filter(listing_id__in=places, status=ViewingStatus.SCHEDULED, starts_at__gt=now)
        .order_by("pk")
        .only("pk", "listing_id", "staff_id")
    )
    if not viewings:
        return 0
    Viewing.objects.filter(pk__in=[v.pk for v in viewings]).update(
        status=ViewingStatus.CANCELLED, outcome_notes=reason, updated_at=now
    )
    viewing_calls_create(viewings, reason=reason, now=now)
    for viewing in viewings:
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            object_type="housing.viewing",
            object_id=viewing.pk,
            place_code=places[viewing.listing_id],
            detail={"listing": viewing.listing_id, "to_status": ViewingStatus.CANCELLED},
        )
    return len(viewings)


def pending_notices_skip(listing_ids: Collection[int]) -> int:
    """The listings' match notices still waiting for a digest will not be sent."""
    pending = list(
        MatchNotice.objects.select_for_update(of=("self",))
        .filter(listing_id__in=listing_ids, buyer_state=MatchNotice.BuyerState.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if pending:
        MatchNotice.objects.filter(pk__in=pending).update(
            buyer_state=MatchNotice.BuyerState.SKIPPED
        )
    return len(pending)


def listing_leaves_market(
    listing: Listing,
    *,
    actor: Any,
    now: datetime,
    reason: str,
    keep: Deal | None = None,
) -> str:
    """All of the above for one locked listing. Returns what was ended, for the
    listing's history ("" when nothing was)."""
    deals = open_deals_fall_through(listing, actor, reason, keep=keep)
    viewings = future_viewings_cancel([listing], actor=actor, now=now, reason=reason)
    pending_notices_skip([listing.pk])
    parts = []
    if deals:
        parts.append(
            ngettext(
                "Deal %(deals)s fell through.",
                "Deals %(deals)s fell through.",
                len(deals),
            )
            % {"deals": ", ".join(f"#{pk}" for pk in deals)}
        )
    if viewings:
        parts.append(
            ngettext(
                "%(count)d viewing to come cancelled.",
                "%(count)d viewings to come cancelled.",
                viewings,
            )
            % {"count": viewings}
        )
    return " ".join(parts)


def withdrawal_reason(note: str) -> str:
    """What the deals and viewings of a withdrawn listing record as their end."""
    if note:
        return gettext("The listing was withdrawn: %(reason)s") % {"reason": note}
    return gettext("The listing was withdrawn.")
