"""Approved disbursements recorded in bulk: historic records, the demo, benchmarks.

The same rules as one at a time (two different people, 专款专用, no fund drawn beyond
what it holds), checked for the whole batch with every fund involved locked.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.charity.models import (
    Campaign,
    Designation,
    Disbursement,
    DisbursementLine,
    Organisation,
)
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.ledger.models import Account
from cityplatform.ledger.services import transactions_post_many
from cityplatform.places.models import Place

from .disbursements import LineInput, Status, _lines_check, _post
from .funds import funds_available, funds_lock


@dataclass
class ImportedDisbursement:
    """A disbursement already decided elsewhere (historic records, demo, benchmarks)."""

    campaign: Campaign
    organisation: Organisation
    recipient: str
    purpose: str
    lines: Sequence[LineInput]
    designation: Designation | None = None
    place: Place | None = None
    decided_on: Any = None  # a datetime


def disbursements_import(
    items: Sequence[ImportedDisbursement], *, proposed_by: Any, approved_by: Any
) -> list[Disbursement]:
    """Record approved disbursements in bulk, under the same rules as one at a time:
    two different people, 专款专用, and no fund drawn beyond what it holds (all funds
    involved are locked and tracked as the batch draws on them)."""
    if proposed_by is None or approved_by is None or proposed_by.pk == approved_by.pk:
        raise DomainError(
            "self_approval", _("A proposer and a different approver are needed."), status=403
        )
    checked = [
        _lines_check(
            campaign=i.campaign,
            organisation=i.organisation,
            designation=i.designation,
            lines=i.lines,
        )
        for i in items
    ]
    now = timezone.now()
    with transaction.atomic():
        funds = list({line.fund.pk: line.fund for lines in checked for line in lines}.values())
        funds_lock(funds)
        available = funds_available(funds)
        rows = []
        for item in items:
            decided = item.decided_on or now
            rows.append(
                Disbursement(
                    campaign=item.campaign,
                    organisation=item.organisation,
                    recipient=clean_text(item.recipient)[:200],
                    purpose=clean_text(item.purpose)[:200],
                    designation=item.designation,
                    place=item.place,
                    status=Status.PROPOSED,
                    proposed_by=proposed_by,
                    proposed_at=decided,
                )
            )
        created = Disbursement.objects.bulk_create(rows)
        postings = []
        org_accounts: dict[int, tuple[Account, Account]] = {}
        for disbursement, lines in zip(created, checked, strict=True):
            for line in lines:
                line.disbursement = disbursement
                line.fund_id = line.fund.pk
            postings.append(
                _post(
                    disbursement,
                    lines,
                    available,
                    value_date=timezone.localdate(disbursement.proposed_at),
                    org_accounts=org_accounts,
                )
            )
        txns = transactions_post_many(postings, posted_by=approved_by)
        DisbursementLine.objects.bulk_create([line for lines in checked for line in lines])
        for disbursement, txn in zip(created, txns, strict=True):
            disbursement.status = Status.APPROVED
            disbursement.decided_by = approved_by
            disbursement.decided_at = disbursement.proposed_at
            disbursement.ledger_transaction = txn
        Disbursement.objects.bulk_update(
            created, ["status", "decided_by", "decided_at", "ledger_transaction"], batch_size=2000
        )
    return created
