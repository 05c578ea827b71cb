"""Freshness: a published listing stays on the market while staff refresh it; one not
refreshed for 30 days expires (listing_expire_stale, run daily)."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.housing.models import Listing, ListingEvent, ListingStatus, ListingTerm
from cityplatform.housing.services.common import copy_back, event_record, lock, require_staff
from cityplatform.housing.services.market_exit import future_viewings_cancel, pending_notices_skip

S = ListingStatus
# A published listing not refreshed for this long expires.
STALE_AFTER = timedelta(days=30)


def listing_refresh(*, listing: Listing, actor: Any) -> Listing:
    """Confirm a published listing is still on the market: 30 more days before expiry."""
    require_staff(actor, listing.place_id)
    with transaction.atomic():
        locked = lock(listing)
        if locked.status != S.PUBLISHED:
            raise DomainError(
                "invalid_transition",
                gettext("Only a published listing can be refreshed."),
                status=409,
                current_status=locked.status,
            )
        locked.refreshed_at = timezone.now()
        locked.save(update_fields=["refreshed_at", "updated_at"])
        event_record(
            listing=locked,
            actor=actor,
            from_status=locked.status,
            old_price_yuan=locked.price_yuan,
            note=gettext("Refreshed."),
        )
    copy_back(listing, locked)
    return locked


def listing_expire_stale(*, now: datetime | None = None) -> int:
    """Expire published listings not refreshed for 30 days; returns how many.

    Run daily (a management command or task). Their viewings to come are cancelled
    and their match notices waiting for a digest are not sent (services.market_exit).
    Rows are locked in primary-key order, the listings before their viewings and
    notices, so a parallel run or a staff action cannot deadlock with this one.
    """
    now = now or timezone.now()
    cutoff = now - STALE_AFTER
    with transaction.atomic():
        stale = list(
            Listing.objects.select_for_update(of=("self",))
            .filter(status=S.PUBLISHED, refreshed_at__lt=cutoff)
            .order_by("pk")
            .only("pk", "price_yuan", "place_id")
        )
        if not stale:
            return 0
        Listing.objects.filter(pk__in=[x.pk for x in stale]).update(
            status=S.EXPIRED, updated_at=now
        )
        ListingTerm.objects.filter(listing_id__in=[x.pk for x in stale]).update(published=False)
        note = gettext("Not refreshed for 30 days.")
        # A published listing has no open deal (one would have put it under offer).
        future_viewings_cancel(
            stale,
            actor=None,
            now=now,
            reason=gettext("The listing expired: %(why)s") % {"why": note},
        )
        pending_notices_skip([x.pk for x in stale])
        ListingEvent.objects.bulk_create(
            ListingEvent(
                listing_id=x.pk,
                actor=None,
                at=now,
                from_status=S.PUBLISHED,
                to_status=S.EXPIRED,
                old_price_yuan=x.price_yuan,
                new_price_yuan=x.price_yuan,
                note=note,
            )
            for x in stale
        )
        audit_record(
            action=Action.UPDATE,
            object_type="housing.listing",
            detail={"expired": len(stale), "to_status": S.EXPIRED},
        )
    return len(stale)
