"""Self-service refunds of the credit balance (a repayment's surplus held for the
customer): requested → paying → paid, or failed and given back.

`refund_request` locks the line, answers a repeated Idempotency-Key from its record,
checks the amount (more than zero, at most the credit balance), lowers the balance and
posts it from the line's credit-balance account to refunds in transit, all before it
commits: two refunds at the same moment are checked one after the other, and the
database's constraint keeps the balance from going below zero whatever happens.
`refund_pay`, after the commit, pays it through the payment rail as a draw is paid
out (the refund's own transfer reference on every attempt, so nothing is paid twice):
paid moves it from in transit to the settlement account; a rail that never paid
reverses the posting and restores the balance.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.ledger.services import Leg, transaction_post, transaction_reverse
from cityplatform.lending.amounts import money_parse
from cityplatform.lending.models import IdempotencyRecord, Line, Refund
from cityplatform.lending.models.fields import money_value
from cityplatform.lending.rail import (
    PaymentRail,
    RailDeclined,
    RailError,
    RailTimeout,
    line_payee,
    payment_rail,
    transfer_attempts,
    transfer_paid,
)
from cityplatform.lending.services.accounts import REFUNDS_IN_TRANSIT, SETTLEMENT, control
from cityplatform.lending.services.clock import clock_hold, clock_value_date
from cityplatform.lending.services.idempotency import idempotency_claim, idempotency_lookup

logger = logging.getLogger(__name__)

OPERATION = "refund"


@dataclass(frozen=True)
class RefundResult:
    record: IdempotencyRecord
    refund: Refund | None
    # True when the key was seen before: nothing was done, the first answer stands.
    replayed: bool


def _amount_check(line: Line, amount: Any) -> Any:
    value = money_parse(amount)
    if line.credit_balance == 0:
        raise DomainError(
            "no_credit_balance",
            _("There is no credit balance on this line to refund."),
            status=422,
            field="amount",
            credit_balance="0.00",
        )
    if value > line.credit_balance:
        raise DomainError(
            "above_credit_balance",
            _("You can have at most %(balance)s yuan refunded: your credit balance.")
            % {"balance": f"{line.credit_balance:,.2f}"},
            status=422,
            field="amount",
            credit_balance=f"{line.credit_balance:.2f}",
        )
    return value


def refund_request(
    *,
    line: Line,
    actor: Any,
    amount: Any,
    idempotency_key: str,
    fingerprint: str,
) -> RefundResult:
    """Check and book a refund; on return it is paying (or the key's first answer).

    Refusals raise DomainError and leave nothing behind; the caller keeps the refusal
    under the key (`idempotency_refusal`).
    """
    with transaction.atomic():
        business_date = clock_hold()
        locked = (
            Line.objects.select_for_update(of=("self",))
            .select_related("credit_account")
            .get(pk=line.pk)
        )
        earlier = idempotency_lookup(
            line=locked, key=idempotency_key, operation=OPERATION, fingerprint=fingerprint
        )
        if earlier is not None:
            return RefundResult(record=earlier, refund=earlier.refund, replayed=True)
        value = _amount_check(locked, amount)
        assert locked.credit_account is not None  # a credit balance has its account
        posting = transaction_post(
            legs=[Leg(locked.credit_account, value), Leg(control(REFUNDS_IN_TRANSIT), -value)],
            description=f"Credit balance refund on line #{locked.pk}",
            value_date=business_date,
            source="lending.refund",
            reference=str(locked.pk),
            posted_by=actor,
        )
        Line.objects.filter(pk=locked.pk).update(
            credit_balance=F("credit_balance") - money_value(value)
        )
        refund = Refund.objects.create(
            line=locked,
            amount=value,
            status=Refund.Status.PAYING,
            business_date=business_date,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            transfer_id=uuid.uuid4().hex,
            posting_txn=posting,
        )
        record = idempotency_claim(
            line=locked,
            key=idempotency_key,
            operation=OPERATION,
            fingerprint=fingerprint,
            refund=refund,
        )
        audit_record(
            action=Action.CREATE,
            actor=actor,
            obj=refund,
            place_code=locked.place_id,
            detail={"line": locked.pk, "amount": f"{value:.2f}"},
        )
    return RefundResult(record=record, refund=refund, replayed=False)


def refund_mark_paid(*, refund_id: int) -> Refund:
    """The rail paid: move the money from in transit out of the settlement account.
    Does nothing to a refund no longer paying."""
    with transaction.atomic():
        refund = Refund.objects.select_for_update().get(pk=refund_id)
        if refund.status != Refund.Status.PAYING:
            return refund
        refund.settlement_txn = transaction_post(
            legs=[
                Leg(control(REFUNDS_IN_TRANSIT), refund.amount),
                Leg(control(SETTLEMENT), -refund.amount),
            ],
            description=f"Refund #{refund.pk} paid to line #{refund.line_id}",
            value_date=clock_value_date(),
            source="lending.refund",
            reference=str(refund.pk),
        )
        refund.status = Refund.Status.PAID
        refund.paid_at = timezone.now()
        refund.save(update_fields=["status", "paid_at", "settlement_txn"])
    return refund


def refund_fail(*, refund_id: int, reason: str) -> Refund:
    """The rail will not pay: reverse the posting and give the credit balance back."""
    with transaction.atomic():
        # Lock order as everywhere: the line, then its refund.
        line_id = Refund.objects.values_list("line_id", flat=True).get(pk=refund_id)
        Line.objects.select_for_update().filter(pk=line_id).first()
        refund = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("posting_txn")
            .get(pk=refund_id)
        )
        if refund.status != Refund.Status.PAYING:
            return refund
        refund.reversal_txn = transaction_reverse(
            txn=refund.posting_txn,
            reason=f"payment of refund #{refund.pk} failed: {reason}"[:120],
            value_date=clock_value_date(),
        )
        Line.objects.filter(pk=line_id).update(
            credit_balance=F("credit_balance") + money_value(refund.amount)
        )
        refund.status = Refund.Status.FAILED
        refund.failed_at = timezone.now()
        refund.failure_reason = reason[:255]
        refund.save(update_fields=["status", "failed_at", "failure_reason", "reversal_txn"])
    return refund


def refund_pay(*, refund_id: int, rail: PaymentRail | None = None) -> Refund:
    """Pay the refund out, retrying up to LENDING_DISBURSE_ATTEMPTS times; returns it
    paid, or failed with the balance restored."""
    rail = rail or payment_rail()
    refund = Refund.objects.get(pk=refund_id)
    if (
        refund.status == Refund.Status.PAYING
        and refund.attempts
        and transfer_paid(rail, refund.transfer_id)
    ):
        # Resumed after a crash: an earlier attempt had paid.
        return refund_mark_paid(refund_id=refund.pk)
    while refund.status == Refund.Status.PAYING:
        if refund.attempts >= transfer_attempts():
            if transfer_paid(rail, refund.transfer_id):
                return refund_mark_paid(refund_id=refund.pk)
            return refund_fail(refund_id=refund.pk, reason="no payment after all attempts")
        Refund.objects.filter(pk=refund.pk).update(attempts=F("attempts") + 1)
        try:
            paid = rail.transfer(
                transfer_id=refund.transfer_id,
                amount=refund.amount,
                payee=line_payee(refund.line_id),
            ).paid
        except RailTimeout:
            paid = transfer_paid(rail, refund.transfer_id)
        except RailDeclined as exc:
            return refund_fail(refund_id=refund.pk, reason=f"declined: {exc}")
        except RailError as exc:
            logger.warning("refund %s: payment attempt failed: %s", refund.pk, exc)
            paid = False
        if paid:
            return refund_mark_paid(refund_id=refund.pk)
        if rail.retry_delay:
            time.sleep(rail.retry_delay)
        refund.refresh_from_db()
    return refund


def refunds_resume(
    *, older_than: timedelta = timedelta(0), rail: PaymentRail | None = None
) -> list[Refund]:
    """Drive every refund left paying (a crash, a restart) to paid or failed."""
    cutoff = timezone.now() - older_than
    stuck = Refund.objects.filter(
        status=Refund.Status.PAYING, requested_at__lte=cutoff
    ).values_list("pk", flat=True)
    return [refund_pay(refund_id=pk, rail=rail) for pk in stuck]
