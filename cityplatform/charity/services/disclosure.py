"""Publishing a disclosure, and correcting a published figure with a dated note."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.charity.models import (
    Campaign,
    CorrectionNote,
    DisclosurePublication,
    Donation,
)
from cityplatform.charity.models.setup import FundKind
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.ledger.models import Transaction
from cityplatform.ledger.services import transaction_reverse

from .funds import funds_available, funds_lock
from .setup import REVIEWER_ROLE, require_staff


def disclosure_publish(*, actor: Any, campaign: Campaign, kind: str) -> DisclosurePublication:
    """Publish the campaign's figures as they stand now; they are frozen in the record."""
    from cityplatform.charity.selectors.summary import campaign_summary

    for organisation in campaign.organisations.all():
        require_staff(actor, organisation, REVIEWER_ROLE)
    if kind not in DisclosurePublication.Kind.values:
        raise DomainError("invalid_kind", _("Choose interim or final."), status=422)
    today = timezone.localdate()
    if kind == DisclosurePublication.Kind.FINAL and (
        campaign.end_date is None or campaign.end_date > today
    ):
        raise DomainError(
            "campaign_running", _("The final disclosure follows the campaign's end."), status=409
        )
    try:
        with transaction.atomic():
            publication = DisclosurePublication.objects.create(
                campaign=campaign,
                kind=kind,
                published_at=timezone.now(),
                published_by=actor,
                figures=campaign_summary(campaign).as_dict(),
            )
            if actor is not None:
                audit_record(action=Action.CREATE, actor=actor, obj=publication)
    except IntegrityError:
        raise DomainError(
            "final_exists", _("The final disclosure has already been published."), status=409
        ) from None
    return publication


def donation_correct(*, actor: Any, donation: Donation, reason: str) -> CorrectionNote:
    """Withdraw a donation recorded in error: its ledger transaction is reversed and a
    dated correction note says so beside the published figures. Refused once the gift
    has been (partly) disbursed: the fund would go below zero."""
    require_staff(actor, donation.organisation, REVIEWER_ROLE)
    reason = clean_text(reason)[:300]
    if not reason:
        raise DomainError("reason_required", _("Say what was wrong."), status=422)
    with transaction.atomic():
        fund = donation.fund
        funds_lock([fund])
        if CorrectionNote.objects.filter(donation=donation).exists():
            raise DomainError(
                "already_corrected", _("This donation has already been corrected."), status=409
            )
        available = funds_available([fund])[fund.pk]
        short = available.amount < donation.amount or (
            donation.kind == FundKind.GOODS and (available.quantity or 0) < (donation.quantity or 0)
        )
        if short:
            raise DomainError(
                "already_disbursed",
                _("Part of this gift has already been disbursed; it cannot be withdrawn."),
                status=409,
            )
        original = Transaction.objects.get(pk=donation.ledger_transaction_id)
        reversal = transaction_reverse(txn=original, reason=reason, posted_by=actor)
        note = CorrectionNote.objects.create(
            campaign_id=donation.campaign_id,
            created_at=timezone.now(),
            created_by=actor,
            reason=reason,
            donation=donation,
            received_change=-donation.amount,
            reversal=reversal,
        )
        if actor is not None:
            audit_record(
                action=Action.UPDATE, actor=actor, obj=donation, detail={"corrected": True}
            )
    return note
