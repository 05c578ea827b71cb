"""Repayments: any time, any amount, no fee.

The amount is shared out penalty interest first, then interest, then principal (see
`allocation`); a surplus is held on the line as the customer's credit balance (a
liability of the bank, refunded on request). Each draw's balances, its instalments
and the line change in the same transaction as the one ledger posting: settlement
debited; penalty and interest receivable, the line's loans receivable and its credit
balance credited.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.ledger.models import Account
from cityplatform.ledger.services import Leg, transaction_post
from cityplatform.lending.allocation import Debt, Share, allocate
from cityplatform.lending.amounts import money_parse
from cityplatform.lending.models import (
    Draw,
    IdempotencyRecord,
    Instalment,
    Line,
    Repayment,
    RepaymentAllocation,
)
from cityplatform.lending.models.fields import money_value
from cityplatform.lending.services.accounts import (
    INTEREST_RECEIVABLE,
    PENALTY_RECEIVABLE,
    SETTLEMENT,
    control,
    line_credit_account,
)
from cityplatform.lending.services.clock import clock_hold
from cityplatform.lending.services.idempotency import idempotency_claim, idempotency_lookup

OPERATION = "repayment"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class RepaymentResult:
    record: IdempotencyRecord
    repayment: Repayment | None
    replayed: bool


def _debt(draw: Draw) -> Debt:
    return Debt(
        draw_id=draw.pk,
        penalty=draw.penalty_outstanding,
        interest_overdue=draw.interest_overdue,
        interest_current=draw.interest_outstanding - draw.interest_overdue,
        principal_overdue=draw.principal_overdue,
        principal_current=draw.principal_outstanding - draw.principal_overdue,
    )


def _apply(draw: Draw, share: Share, business_date: Any) -> None:
    """Lower the draw's balances by its share, settle what is now paid, cure overdue."""
    draw.penalty_outstanding -= share.penalty
    draw.interest_outstanding -= share.interest
    draw.interest_overdue -= share.interest_overdue
    draw.principal_outstanding -= share.principal
    draw.principal_overdue -= share.principal_overdue
    repaid = draw.amount - draw.principal_outstanding
    interest_for_overdue = share.interest_overdue
    fallen_due = list(
        draw.instalments.select_for_update()
        .exclude(status=Instalment.Status.SCHEDULED)
        .order_by("seq")
    )
    for inst in fallen_due:
        if inst.status != Instalment.Status.OVERDUE:
            continue
        owed = (inst.interest_due or ZERO) - inst.interest_paid
        paid = min(owed, interest_for_overdue)
        inst.interest_paid += paid
        interest_for_overdue -= paid
        if repaid >= inst.principal_cumulative and inst.interest_paid == (
            inst.interest_due or ZERO
        ):
            inst.status = Instalment.Status.SETTLED
            inst.settled_on = business_date
        inst.save(update_fields=["interest_paid", "status", "settled_on"])
    still_overdue = [i.due_date for i in fallen_due if i.status == Instalment.Status.OVERDUE]
    if draw.principal_overdue == 0 and draw.interest_overdue == 0:
        draw.overdue_since = None
        draw.overdue_stage = 0
    elif still_overdue:
        # Days past due count from the oldest instalment still unpaid.
        draw.overdue_since = min(still_overdue)
    if draw.owed == 0:
        draw.status = Draw.Status.SETTLED
        draw.settled_on = business_date
        draw.instalments.filter(status__in=[Instalment.Status.SCHEDULED]).update(
            status=Instalment.Status.SETTLED, settled_on=business_date
        )
    draw.save()


def repayment_make(
    *,
    line: Line,
    actor: Any,
    amount: Any,
    idempotency_key: str,
    fingerprint: str,
) -> RepaymentResult:
    """Take a repayment on the line and post it; refusals raise DomainError unsaved."""
    with transaction.atomic():
        business_date = clock_hold()
        locked = (
            Line.objects.select_for_update(of=("self",))
            .select_related("principal_account", "credit_account")
            .get(pk=line.pk)
        )
        earlier = idempotency_lookup(
            line=locked, key=idempotency_key, operation=OPERATION, fingerprint=fingerprint
        )
        if earlier is not None:
            return RepaymentResult(record=earlier, repayment=earlier.repayment, replayed=True)
        if locked.status == Line.Status.CLOSED:
            raise DomainError(
                "line_closed",
                _("This credit line is closed: there is nothing to repay on it."),
                status=409,
            )
        value = money_parse(amount)
        draws = list(
            Draw.objects.select_for_update()
            .filter(line=locked, status=Draw.Status.DISBURSED)
            .order_by("disbursed_on", "id")
        )
        debts = [_debt(d) for d in draws]
        owed = sum((d.total for d in debts), ZERO)
        if owed == 0:
            raise DomainError(
                "nothing_owed", _("Nothing is owed on this line at the moment."), status=409
            )
        allocation = allocate(value, debts)
        by_id = {d.pk: d for d in draws}
        for share in allocation.shares:
            _apply(by_id[share.draw_id], share, business_date)

        credit_account: Account | None = locked.credit_account
        if allocation.surplus and credit_account is None:
            credit_account = line_credit_account(locked)
            Line.objects.filter(pk=locked.pk).update(credit_account=credit_account)
        assert locked.principal_account is not None
        legs = [Leg(control(SETTLEMENT), value)]
        for account, part in (
            (control(PENALTY_RECEIVABLE), allocation.penalty),
            (control(INTEREST_RECEIVABLE), allocation.interest),
            (locked.principal_account, allocation.principal),
            (credit_account, allocation.surplus),
        ):
            if part:
                assert account is not None
                legs.append(Leg(account, -part))
        txn = transaction_post(
            legs=legs,
            description=f"Repayment on line #{locked.pk}",
            value_date=business_date,
            source="lending.repayment",
            reference=str(locked.pk),
            posted_by=actor,
        )
        repayment = Repayment.objects.create(
            line=locked,
            amount=value,
            penalty_paid=allocation.penalty,
            interest_paid=allocation.interest,
            principal_paid=allocation.principal,
            credit_added=allocation.surplus,
            business_date=business_date,
            made_by=actor if getattr(actor, "is_authenticated", False) else None,
            txn=txn,
        )
        RepaymentAllocation.objects.bulk_create(
            [
                RepaymentAllocation(
                    repayment=repayment,
                    draw_id=s.draw_id,
                    penalty=s.penalty,
                    interest=s.interest,
                    principal=s.principal,
                )
                for s in allocation.shares
            ]
        )
        Line.objects.filter(pk=locked.pk).update(
            principal_outstanding=F("principal_outstanding") - money_value(allocation.principal),
            credit_balance=F("credit_balance") + money_value(allocation.surplus),
        )
        record = idempotency_claim(
            line=locked,
            key=idempotency_key,
            operation=OPERATION,
            fingerprint=fingerprint,
            repayment=repayment,
        )
        audit_record(
            action=Action.CREATE,
            actor=actor,
            obj=repayment,
            place_code=locked.place_id,
            detail={"line": locked.pk, "amount": f"{value:.2f}"},
        )
    return RepaymentResult(record=record, repayment=repayment, replayed=False)


def credit_balance_refund(*, line: Line, actor: Any) -> Decimal:
    """Pay the customer's credit balance back to their account (to close a line, or on
    request); returns the amount refunded."""
    with transaction.atomic():
        business_date = clock_hold()
        locked = (
            Line.objects.select_for_update(of=("self",))
            .select_related("credit_account")
            .get(pk=line.pk)
        )
        amount = locked.credit_balance
        if amount == 0:
            return ZERO
        assert locked.credit_account is not None
        transaction_post(
            legs=[Leg(locked.credit_account, amount), Leg(control(SETTLEMENT), -amount)],
            description=f"Credit balance refunded, line #{locked.pk}",
            value_date=business_date,
            source="lending.refund",
            reference=str(locked.pk),
            posted_by=actor,
        )
        Line.objects.filter(pk=locked.pk).update(
            credit_balance=F("credit_balance") - money_value(amount)
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"refund": f"{amount:.2f}"},
        )
    return amount
