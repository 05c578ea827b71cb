"""Writes of matching: match notices for staff and buyers, and the buyers' messages.

When a listing is published (or published again) or its price changes, the listing
services call `listing_match_schedule`, which queues the reverse match as a task once
their transaction commits. The task (`listing_match_demands`) creates one MatchNotice
per open demand the listing fits and that was never told about it, nor about the same
home under an earlier, withdrawn listing (the unique (demand, listing) constraint
makes the first hold under any race), and sends the buyers
who chose "at once" a message right away. `match_digests_send`, run daily, sends the
others one message each with their best N pending listings still on the market; the
notices of a home under offer wait, pending, for it to be published again.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.housing.matching.criteria import reasons_text
from cityplatform.housing.matching.reverse import demands_for_listing
from cityplatform.housing.models import (
    BuyerDemand,
    BuyerMessage,
    DemandStatus,
    Listing,
    ListingStatus,
    MatchNotice,
    NoticePreference,
)
from cityplatform.housing.selectors import listing_earlier_postings
from cityplatform.housing.services.common import Errors, clean_note, raise_if, require_staff
from cityplatform.portal.selectors import platform_contact

Trigger = MatchNotice.Trigger
BuyerState = MatchNotice.BuyerState
StaffState = MatchNotice.StaffState
WAN = 10_000


def listing_match_schedule(listing: Listing, *, trigger: str) -> None:
    """Queue the reverse match of the listing for when the current transaction commits
    (at once outside one). Called explicitly by the listing services."""
    from cityplatform.housing.tasks import match_listing_to_demands

    listing_id = listing.pk
    transaction.on_commit(lambda: match_listing_to_demands.enqueue(listing_id, str(trigger)))


def listing_match_demands(
    *, listing_id: int, trigger: str = Trigger.PUBLISHED, now: datetime | None = None
) -> int:
    """Notices for the open demands the listing fits and that were never sent it;
    instant ones go to the buyer at once. Returns how many notices were created."""
    listing = Listing.objects.select_related("community", "place").filter(pk=listing_id).first()
    if listing is None or listing.status != ListingStatus.PUBLISHED:
        return 0  # off the market again before the task ran
    now = now or timezone.now()
    matches = demands_for_listing(listing, now=now)
    if not matches:
        return 0
    # Buyers told about this listing, or about the same home under an earlier listing
    # since withdrawn (a home taken down and posted anew is not news to them).
    told = set(
        MatchNotice.objects.filter(
            Q(listing=listing) | Q(listing__in=listing_earlier_postings(listing))
        ).values_list("demand_id", flat=True)
    )
    new = [m for m in matches if m.demand_id not in told]
    if not new:
        return 0  # a relisted, reposted or re-priced home: every buyer it fits has it
    preferences = dict(
        BuyerDemand.objects.filter(pk__in=[m.demand_id for m in new]).values_list(
            "pk", "notice_preference"
        )
    )
    with transaction.atomic():
        # Under the listing's lock (taken before any notice's, as everywhere): a
        # withdrawal committed since the first look is seen, and nothing is sent.
        if not (
            Listing.objects.select_for_update(of=("self",))
            .filter(pk=listing.pk, status=ListingStatus.PUBLISHED)
            .exists()
        ):
            return 0
        MatchNotice.objects.bulk_create(
            (
                MatchNotice(
                    demand_id=m.demand_id,
                    listing=listing,
                    score=m.score,
                    reasons=m.reasons,
                    trigger=trigger,
                    delivery=preferences.get(m.demand_id, NoticePreference.INSTANT),
                    created_at=now,
                )
                for m in new
            ),
            ignore_conflicts=True,  # a parallel run got there first: it is sent once
        )
        pending = MatchNotice.objects.filter(
            listing=listing, buyer_state=BuyerState.PENDING, delivery=NoticePreference.INSTANT
        )
        _send_instant(listing, list(pending.select_for_update().order_by("pk")), now=now)
        audit_record(
            action=Action.CREATE,
            object_type="housing.matchnotice",
            place_code=listing.place_id,
            detail={"listing": listing.pk, "trigger": trigger, "demands": len(new)},
        )
    return len(new)


def _price_text(price: int | None) -> str:
    if price is None:
        return gettext("Price negotiable")
    amount = f"{price / WAN:.2f}".rstrip("0").rstrip(".")
    return gettext("%(amount)s×10k yuan") % {"amount": amount}


def listing_summary(listing: Listing) -> str:
    """金涛小区 3室2厅1卫 120.00㎡ 80万元 (No. 12): never the owner."""
    parts = [listing.community.name, listing.layout_text, f"{listing.area_m2}㎡"]
    text = " ".join(p for p in parts if p)
    return gettext("%(home)s, %(price)s (No. %(id)s)") % {
        "home": text,
        "price": _price_text(listing.price_yuan),
        "id": listing.pk,
    }


def _hotline() -> str:
    contact = platform_contact()
    return contact.housing_hotline if contact is not None and contact.housing_hotline else ""


def _body(notices: list[MatchNotice], kind: str, hotline: str) -> str:
    # Buyers read the platform's language, whatever language the worker runs in.
    with translation.override(settings.LANGUAGE_CODE):
        call = gettext(" To view, call %(hotline)s.") % {"hotline": hotline} if hotline else ""
        if kind == NoticePreference.INSTANT:
            notice = notices[0]
            text = gettext("Zhuzhou city platform found you a home: %(home)s. %(reasons)s.") % {
                "home": listing_summary(notice.listing),
                "reasons": gettext("; ").join(reasons_text(_positive(notice.reasons))),
            }
            return text + call
        homes = gettext("; ").join(
            f"{number}. {listing_summary(n.listing)}" for number, n in enumerate(notices, 1)
        )
        text = ngettext(
            "Zhuzhou city platform found you %(count)d home today: %(homes)s.",
            "Zhuzhou city platform found you %(count)d homes today: %(homes)s.",
            len(notices),
        ) % {"count": len(notices), "homes": homes}
        return text + call


def _positive(reasons: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in reasons if r.get("code") != "feature_missing"]


def _send_instant(listing: Listing, notices: list[MatchNotice], *, now: datetime) -> None:
    """One message per notice (all of the same listing); the notices become sent."""
    if not notices:
        return
    hotline = _hotline()
    for notice in notices:
        notice.listing = listing
    messages = BuyerMessage.objects.bulk_create(
        BuyerMessage(
            demand_id=n.demand_id,
            kind=NoticePreference.INSTANT,
            body=_body([n], NoticePreference.INSTANT, hotline),
            created_at=now,
        )
        for n in notices
    )
    for notice, message in zip(notices, messages, strict=True):
        notice.buyer_state = BuyerState.SENT
        notice.buyer_message = message
    MatchNotice.objects.bulk_update(notices, ["buyer_state", "buyer_message"])


def match_digests_send(*, now: datetime | None = None) -> int:
    """Daily: each open demand's pending digest notices, best first, at most its
    digest_max_listings still on the market in one message; the others are not sent
    (the staff member still sees them), except those of a home under offer, which stay
    pending until it is published again (a later digest sends them) or leaves the
    market (market_exit marks them not sent). Returns how many messages were written."""
    now = now or timezone.now()
    demand_ids = list(
        MatchNotice.objects.filter(
            buyer_state=BuyerState.PENDING,
            delivery=NoticePreference.DIGEST,
            demand__status=DemandStatus.OPEN,
        )
        .values_list("demand_id", flat=True)
        .distinct()
        .order_by("demand_id")
    )
    sent = 0
    hotline = _hotline()
    for demand_id in demand_ids:
        with transaction.atomic():
            # The demand's row serialises two digest runs: the second finds nothing pending.
            demand = BuyerDemand.objects.select_for_update().get(pk=demand_id)
            # Locked in id order (the notices only, not their listings): a listing
            # withdrawn meanwhile had its pending notices marked not sent under its own
            # lock (services.market_exit); the lock makes this run see that.
            pending = list(
                MatchNotice.objects.select_for_update(of=("self",))
                .filter(
                    demand=demand,
                    buyer_state=BuyerState.PENDING,
                    delivery=NoticePreference.DIGEST,
                )
                .select_related("listing__community")
                .order_by("pk")
            )
            pending.sort(key=lambda n: (-n.score, -n.created_at.timestamp(), n.pk))
            on_market = [n for n in pending if n.listing.status == ListingStatus.PUBLISHED]
            # A home under offer may come back if the deal falls through: its notices
            # wait for a later digest. One sold or withdrawn had them marked not sent as
            # it left (services.market_exit); any other status is skipped below.
            waiting = {n.pk for n in pending if n.listing.status == ListingStatus.UNDER_OFFER}
            chosen = on_market[: demand.digest_max_listings]
            if chosen:
                message = BuyerMessage.objects.create(
                    demand=demand,
                    kind=NoticePreference.DIGEST,
                    body=_body(chosen, NoticePreference.DIGEST, hotline),
                    created_at=now,
                )
                MatchNotice.objects.filter(pk__in=[n.pk for n in chosen]).update(
                    buyer_state=BuyerState.SENT, buyer_message=message
                )
                sent += 1
            kept = waiting | {n.pk for n in chosen}
            MatchNotice.objects.filter(pk__in=[n.pk for n in pending if n.pk not in kept]).update(
                buyer_state=BuyerState.SKIPPED
            )
    if sent:
        audit_record(
            action=Action.CREATE, object_type="housing.buyermessage", detail={"digests": sent}
        )
    return sent


def _handle(*, notice: MatchNotice, actor: Any, state: str, note: str) -> MatchNotice:
    errors: Errors = {}
    text = clean_note(errors, note)
    raise_if(errors)
    require_staff(actor, notice.demand.place_id)
    with transaction.atomic():
        locked = MatchNotice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
        if locked.staff_state != StaffState.OPEN:
            raise DomainError(
                "already_handled", gettext("This match has already been handled."), status=409
            )
        locked.staff_state = state
        locked.handled_by = actor
        locked.handled_at = timezone.now()
        locked.staff_note = text
        locked.save(update_fields=["staff_state", "handled_by", "handled_at", "staff_note"])
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"staff_state": state})
    for field in ("staff_state", "handled_by_id", "handled_at", "staff_note"):
        setattr(notice, field, getattr(locked, field))
    return locked


def match_notice_mark_called(*, notice: MatchNotice, actor: Any, note: str = "") -> MatchNotice:
    """The staff member called the buyer about this listing."""
    return _handle(notice=notice, actor=actor, state=StaffState.CALLED, note=note)


def match_notice_dismiss(*, notice: MatchNotice, actor: Any, note: str = "") -> MatchNotice:
    """Not worth a call (the buyer already saw it, or it does not suit after all)."""
    return _handle(notice=notice, actor=actor, state=StaffState.DISMISSED, note=note)
