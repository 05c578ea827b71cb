"""A deal's timeline (DealEvent) and its ending, shared by the deal services and by
the listing services that end a home's deals (withdrawal, a sale through another deal).

The caller holds the locks: the listing's row first, then the deal's.
"""

from typing import Any

from django.utils import timezone

from cityplatform.audit.services import Action, audit_record
from cityplatform.housing.models import Deal, DealEvent


def deal_event_record(deal: Deal, actor: Any, from_stage: str, note: str) -> DealEvent:
    """Append the deal's step (its stage now, from `from_stage`; blank for the opening)
    and the audit entry, in the caller's transaction."""
    event = DealEvent.objects.create(
        deal=deal,
        actor=actor,
        from_stage=from_stage,
        to_stage=deal.stage,
        agreed_price_yuan=deal.agreed_price_yuan,
        note=note,
    )
    audit_record(
        action=Action.CREATE if not from_stage else Action.UPDATE,
        actor=actor,
        obj=deal,
        detail={"listing": deal.listing_id, "from_stage": from_stage, "to_stage": deal.stage},
    )
    return event


def deal_end(deal: Deal, actor: Any, stage: str, note: str) -> None:
    """Close the (locked, open) deal at `stage` (closed or fallen through), with why."""
    from_stage = deal.stage
    deal.stage = stage
    deal.ended_at = timezone.now()
    deal.save(update_fields=["stage", "ended_at", "updated_at"])
    deal_event_record(deal, actor, from_stage, note)
