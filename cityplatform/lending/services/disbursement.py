"""Paying a draw out through the payment rail: disbursing → disbursed, or failed.

Every attempt sends the draw's own transfer reference, so a retry after a failure or
a timeout never pays twice (the rail answers a known reference with what it did).
After the last attempt the rail is asked once more whether it paid; only if it did
not is the draw failed: its principal posting is reversed in the ledger and the
line's limit restored. A process that dies mid-way leaves the draw disbursing;
`disbursements_resume` (run by the `resume_disbursements` command and before every
close of business) drives such draws to their end the same way.
"""

import logging
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cityplatform.ledger.services import Leg, transaction_post, transaction_reverse
from cityplatform.lending import rates
from cityplatform.lending.models import DisbursementAttempt, Draw, Instalment, Line
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
from cityplatform.lending.services.accounts import IN_TRANSIT, SETTLEMENT, control
from cityplatform.lending.services.clock import clock_value_date

logger = logging.getLogger(__name__)

Outcome = DisbursementAttempt.Outcome


def draw_mark_disbursed(*, draw_id: int) -> Draw:
    """The rail paid: schedule the instalments from today's value date and post the
    payment out of the settlement account. Does nothing to a draw no longer disbursing."""
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw_id)
        if draw.status != Draw.Status.DISBURSING:
            return draw
        value_date = clock_value_date()
        # The schedule as the calculator showed it: principal parts, and the interest
        # expected if every instalment is paid on its due date.
        plan = rates.quote(
            amount=draw.amount,
            daily_rate=draw.daily_rate,
            term_months=draw.term_months,
            method=draw.repayment_method,
            start=value_date,
        )
        Instalment.objects.bulk_create(
            [
                Instalment(
                    draw=draw,
                    seq=i.seq,
                    due_date=i.due_date,
                    principal=i.principal,
                    principal_cumulative=i.principal_cumulative,
                    interest_expected=i.interest,
                )
                for i in plan.instalments
            ]
        )
        settlement = transaction_post(
            legs=[
                Leg(control(IN_TRANSIT), draw.amount),
                Leg(control(SETTLEMENT), -draw.amount),
            ],
            description=f"Draw #{draw.pk} paid out to line #{draw.line_id}",
            value_date=value_date,
            source="lending.draw",
            reference=str(draw.pk),
        )
        draw.status = Draw.Status.DISBURSED
        draw.disbursed_at = timezone.now()
        draw.disbursed_on = value_date
        draw.maturity_date = plan.instalments[-1].due_date
        draw.instalment_amount = plan.instalment_amount
        draw.settlement_txn = settlement
        draw.save(
            update_fields=[
                "status",
                "disbursed_at",
                "disbursed_on",
                "maturity_date",
                "instalment_amount",
                "settlement_txn",
            ]
        )
    return draw


def draw_fail(*, draw_id: int, reason: str) -> Draw:
    """The rail will not pay: reverse the principal posting and give the limit back."""
    with transaction.atomic():
        # Lock order as everywhere: the line, then its draw.
        draw = Draw.objects.get(pk=draw_id)
        Line.objects.select_for_update().filter(pk=draw.line_id).first()
        draw = (
            Draw.objects.select_for_update(of=("self",))
            .select_related("posting_txn")
            .get(pk=draw_id)
        )
        if draw.status != Draw.Status.DISBURSING:
            return draw
        assert draw.posting_txn is not None
        reversal = transaction_reverse(
            txn=draw.posting_txn,
            reason=f"payment of draw #{draw.pk} failed: {reason}"[:120],
            value_date=clock_value_date(),
        )
        Line.objects.filter(pk=draw.line_id).update(
            principal_outstanding=F("principal_outstanding") - money_value(draw.amount)
        )
        draw.status = Draw.Status.FAILED
        draw.failed_at = timezone.now()
        draw.failure_reason = reason[:255]
        draw.reversal_txn = reversal
        draw.principal_outstanding = draw.principal_outstanding - draw.amount
        draw.save(
            update_fields=[
                "status",
                "failed_at",
                "failure_reason",
                "reversal_txn",
                "principal_outstanding",
            ]
        )
    return draw


def _attempt_begin(draw: Draw) -> int:
    Draw.objects.filter(pk=draw.pk).update(attempts=F("attempts") + 1)
    draw.refresh_from_db(fields=["attempts", "status"])
    return draw.attempts


def draw_disburse(*, draw_id: int, rail: PaymentRail | None = None) -> Draw:
    """Pay the draw out, retrying up to LENDING_DISBURSE_ATTEMPTS times; returns it
    disbursed, or failed and reversed."""
    rail = rail or payment_rail()
    draw = Draw.objects.get(pk=draw_id)
    if (
        draw.status == Draw.Status.DISBURSING
        and draw.attempts
        and transfer_paid(rail, draw.transfer_id)
    ):
        # Resumed after a crash: an earlier attempt had paid.
        return draw_mark_disbursed(draw_id=draw.pk)
    while draw.status == Draw.Status.DISBURSING:
        if draw.attempts >= transfer_attempts():
            if transfer_paid(rail, draw.transfer_id):
                return draw_mark_disbursed(draw_id=draw.pk)
            return draw_fail(draw_id=draw.pk, reason="no payment after all attempts")
        number = _attempt_begin(draw)
        try:
            paid = rail.transfer(
                transfer_id=draw.transfer_id, amount=draw.amount, payee=line_payee(draw.line_id)
            ).paid
            outcome, message = (Outcome.PAID, "") if paid else (Outcome.FAILED, "not paid")
        except RailTimeout as exc:
            paid = transfer_paid(rail, draw.transfer_id)
            outcome, message = (Outcome.PAID if paid else Outcome.TIMED_OUT), str(exc)
        except RailDeclined as exc:
            DisbursementAttempt.objects.create(
                draw=draw, number=number, outcome=Outcome.DECLINED, message=str(exc)[:255]
            )
            return draw_fail(draw_id=draw.pk, reason=f"declined: {exc}")
        except RailError as exc:
            paid, outcome, message = False, Outcome.FAILED, str(exc)
        DisbursementAttempt.objects.create(
            draw=draw, number=number, outcome=outcome, message=message[:255]
        )
        if paid:
            return draw_mark_disbursed(draw_id=draw.pk)
        logger.warning("draw %s: payment attempt %s %s", draw.pk, number, outcome)
        if rail.retry_delay:
            time.sleep(rail.retry_delay)
        draw.refresh_from_db()
    return draw


def disbursements_resume(
    *, older_than: timedelta = timedelta(0), rail: PaymentRail | None = None
) -> list[Draw]:
    """Drive every draw left disbursing (a crash, a restart) to disbursed or failed."""
    cutoff = timezone.now() - older_than
    stuck = Draw.objects.filter(status=Draw.Status.DISBURSING, disbursing_at__lte=cutoff)
    return [draw_disburse(draw_id=pk, rail=rail) for pk in stuck.values_list("pk", flat=True)]
