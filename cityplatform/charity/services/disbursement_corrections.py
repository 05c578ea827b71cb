"""Correcting an approved disbursement (拨付) after the fact.

The ledger stays append-only: the disbursement's transaction is reversed (every leg
mirrored), which gives its funds back; if the right amounts or purpose are given,
a new approved disbursement is posted in its place, drawing on the funds under the
same rules as any other (专款专用, nothing beyond what a fund holds). A dated
correction note stands beside the published figures and says what changed and why.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.charity.models import CorrectionNote, Disbursement, DisbursementLine
from cityplatform.charity.models.setup import FundKind
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.ledger.models import Transaction
from cityplatform.ledger.services import transaction_reverse, transactions_post_many

from .disbursements import LineInput, Status, _lines_check, _post
from .funds import Available, funds_available, funds_lock
from .setup import REVIEWER_ROLE, require_staff

ZERO = Decimal("0.00")


def _same_lines(old: Sequence[DisbursementLine], new: Sequence[DisbursementLine]) -> bool:
    def key(lines: Sequence[DisbursementLine]) -> set[tuple[int, Any]]:
        return {
            (line.fund.pk, line.amount if line.fund.kind == FundKind.MONEY else line.quantity)
            for line in lines
        }

    return key(old) == key(new)


def _as_inputs(lines: Sequence[DisbursementLine]) -> list[LineInput]:
    return [
        LineInput(line.fund, amount=line.amount)
        if line.fund.kind == FundKind.MONEY
        else LineInput(line.fund, quantity=line.quantity)
        for line in lines
    ]


def disbursement_correct(
    *,
    actor: Any,
    disbursement: Disbursement,
    reason: str,
    lines: Sequence[LineInput] | None = None,
    purpose: str | None = None,
) -> CorrectionNote:
    """Correct an approved disbursement recorded in error.

    Without `lines` and `purpose` it is withdrawn: its transaction is reversed and
    its funds hold again what it drew. With either, the corrected disbursement is
    re-posted in its place (unchanged lines if only the purpose is corrected). A
    reviewer corrects, and not the one who proposed it (the re-posting is an
    approval). Refused, leaving nothing behind, if the re-posting would draw a fund
    beyond what it holds once the wrong one is reversed.
    """
    require_staff(actor, disbursement.organisation, REVIEWER_ROLE)
    reason = clean_text(reason)[:300]
    if not reason:
        raise DomainError("reason_required", _("Say what was wrong."), status=422)
    if purpose is not None:
        purpose = clean_text(purpose)[:200]
        if not purpose:
            raise DomainError("purpose_required", _("Name the purpose."), status=422)
    repost = lines is not None or purpose is not None
    with transaction.atomic():
        locked = (
            Disbursement.objects.select_for_update(of=("self",))
            .select_related("campaign", "organisation", "designation")
            .get(pk=disbursement.pk)
        )
        if actor is not None and locked.proposed_by_id == actor.pk:
            raise DomainError(
                "self_approval",
                _("You proposed this disbursement: another staff member must correct it."),
                status=403,
            )
        if locked.status != Status.APPROVED:
            raise DomainError(
                "not_approved",
                _("Only an approved disbursement can be corrected; this one is %(status)s.")
                % {"status": Status(locked.status).label},
                status=409,
            )
        if CorrectionNote.objects.filter(disbursement=locked).exists():
            raise DomainError(
                "already_corrected",
                _("This disbursement has already been corrected."),
                status=409,
            )
        old_lines = list(
            locked.lines.select_related("fund", "fund__designation").order_by("fund_id")
        )
        new_lines: list[DisbursementLine] = []
        if repost:
            new_lines = _lines_check(
                campaign=locked.campaign,
                organisation=locked.organisation,
                designation=locked.designation,
                lines=_as_inputs(old_lines) if lines is None else lines,
            )
            if (purpose or locked.purpose) == locked.purpose and _same_lines(old_lines, new_lines):
                raise DomainError(
                    "nothing_to_correct",
                    _("The corrected disbursement is the same as the one recorded."),
                    status=422,
                )
        funds = {line.fund.pk: line.fund for line in [*old_lines, *new_lines]}
        funds_lock(funds.values())
        assert locked.ledger_transaction_id is not None  # approved means posted (constraint)
        original = Transaction.objects.get(pk=locked.ledger_transaction_id)
        reversal = transaction_reverse(txn=original, reason=reason, posted_by=actor)
        # The ledger now shows the money back; goods quantities are counted from the
        # records, where the wrong lines still count until the note exists: add them back.
        available = funds_available(funds.values())
        for line in old_lines:
            if line.quantity is not None:
                held = available[line.fund.pk]
                available[line.fund.pk] = Available(
                    held.amount, (held.quantity or ZERO) + line.quantity
                )
        now = timezone.now()
        replacement = None
        if repost:
            replacement = Disbursement.objects.create(
                campaign=locked.campaign,
                organisation=locked.organisation,
                recipient=locked.recipient,
                purpose=purpose or locked.purpose,
                designation=locked.designation,
                place_id=locked.place_id,
                proposed_by_id=locked.proposed_by_id,
                proposed_at=locked.proposed_at,
            )
            for line in new_lines:
                line.disbursement = replacement
            posting = _post(replacement, new_lines, available, value_date=timezone.localdate())
            (txn,) = transactions_post_many([posting], posted_by=actor)
            DisbursementLine.objects.bulk_create(new_lines)
        old_total = sum((line.amount or ZERO for line in old_lines), ZERO)
        new_total = sum((line.amount or ZERO for line in new_lines), ZERO)
        note = CorrectionNote.objects.create(
            campaign_id=locked.campaign_id,
            created_at=now,
            created_by=actor,
            reason=reason,
            disbursement=locked,
            disbursed_change=new_total - old_total,
            reversal=reversal,
        )
        if replacement is not None:
            replacement.status = Status.APPROVED
            replacement.decided_by = actor
            replacement.decided_at = now
            replacement.decision_note = reason[:200]
            replacement.ledger_transaction = txn
            replacement.from_correction = note
            replacement.save(
                update_fields=[
                    "status",
                    "decided_by",
                    "decided_at",
                    "decision_note",
                    "ledger_transaction",
                    "from_correction",
                ]
            )
        if actor is not None:
            audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"corrected": True})
            if replacement is not None:
                audit_record(
                    action=Action.CREATE,
                    actor=actor,
                    obj=replacement,
                    detail={"corrects": locked.pk},
                )
    return note
