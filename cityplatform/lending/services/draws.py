"""Step 4: a draw on the line, requested → checked → disbursing in one transaction.

`draw_request` locks the line, answers a repeated Idempotency-Key from its record,
checks the request (line open and not overdue, amount from the product's minimum up
to what is available, a term and method the product offers, a purpose not on the
prohibited list), then posts the principal to the line's loans-receivable account
against disbursements in transit and raises the line's outstanding principal, all
before it commits: two draws at the same moment are checked one after the other, and
the database's constraint keeps the line within its limit whatever happens. Paying
the money out is `services.disbursement`, after the commit. `draw_preview` runs the
same checks without booking anything and gives the schedule the customer confirms.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.ledger.services import Leg, transaction_post
from cityplatform.lending import rates
from cityplatform.lending.amounts import money_parse
from cityplatform.lending.models import (
    Draw,
    IdempotencyRecord,
    Line,
    Product,
    RegulatoryCap,
    RepaymentMethod,
)
from cityplatform.lending.models.fields import money_value
from cityplatform.lending.services.accounts import IN_TRANSIT, control
from cityplatform.lending.services.clock import business_date_today, clock_hold
from cityplatform.lending.services.idempotency import idempotency_claim, idempotency_lookup

OPERATION = "draw"
PURPOSE_MAX_LENGTH = 100


@dataclass(frozen=True)
class DrawResult:
    record: IdempotencyRecord
    draw: Draw | None
    # True when the key was seen before: nothing was done, the first answer stands.
    replayed: bool


def line_refuse_if_not_open(line: Line) -> None:
    if line.status == Line.Status.CLOSED:
        raise DomainError("line_closed", _("This credit line is closed."), status=409)
    if line.status == Line.Status.FROZEN:
        raise DomainError(
            "line_frozen",
            _("This credit line is frozen; please call the bank on 0731-96599."),
            status=409,
        )


def purpose_check(product: Product, purpose: str) -> str:
    """The stated purpose, refused (422) when it reveals a prohibited use."""
    text = clean_text(purpose)
    if not text or len(text) > PURPOSE_MAX_LENGTH:
        raise DomainError(
            "purpose_required",
            _("Say what the money is for (at most 100 characters)."),
            status=422,
            field="purpose",
        )
    for prohibited in product.prohibited_purposes.filter(is_active=True):
        if any(word and word in text for word in prohibited.keyword_list):
            raise DomainError(
                "prohibited_purpose",
                _(
                    "The loan may not be used for %(name)s: its money may not go into stocks, "
                    "futures, derivatives, equity investment or buying property."
                )
                % {"name": prohibited.name},
                status=422,
                field="purpose",
            )
    return text


def _terms_check(product: Product, term_months: int, method: str) -> None:
    if term_months not in product.terms_months:
        raise DomainError(
            "invalid_term",
            _("Choose a term the product offers: %(terms)s months.")
            % {"terms": "、".join(str(t) for t in product.terms_months)},
            status=422,
            field="term_months",
        )
    if method not in product.repayment_methods:
        raise DomainError(
            "invalid_repayment_method",
            _("Choose a repayment method the product offers."),
            status=422,
            field="repayment_method",
        )
    if method == RepaymentMethod.BULLET:
        cap = RegulatoryCap.objects.filter(
            kind=RegulatoryCap.Kind.BULLET_TERM_MONTHS, is_active=True
        ).first()
        if cap is not None and term_months > cap.value:
            raise DomainError(
                "invalid_term",
                _("A loan repaid in one sum at maturity runs at most %(n)s months.")
                % {"n": int(cap.value)},
                status=422,
                field="term_months",
            )


def _amount_check(line: Line, product: Product, amount: Decimal) -> None:
    if amount < product.draw_min:
        raise DomainError(
            "below_minimum",
            _("A draw is at least %(low)s yuan.") % {"low": f"{product.draw_min:,.2f}"},
            status=422,
            field="amount",
        )
    if amount > line.available:
        raise DomainError(
            "above_available",
            _("You can draw at most %(available)s yuan now.")
            % {"available": f"{line.available:,.2f}"},
            status=422,
            field="amount",
            available=f"{line.available:.2f}",
        )


@dataclass(frozen=True)
class CheckedDraw:
    amount: Decimal
    purpose: str
    term_months: int
    repayment_method: str


def _request_check(
    line: Line, *, amount: Any, purpose: str, term_months: Any, repayment_method: str | None
) -> CheckedDraw:
    """Every check of a draw request on `line` (locked when booking); DomainError if not."""
    product = line.product
    line_refuse_if_not_open(line)
    if product.status != Product.Status.ACTIVE:
        raise DomainError(
            "product_suspended",
            _("New draws are paused for this product; repayments are still welcome."),
            status=409,
        )
    if (
        Draw.objects.filter(line=line)
        .filter(status=Draw.Status.DISBURSED, overdue_since__isnull=False)
        .exists()
    ):
        raise DomainError(
            "line_overdue",
            _("Repay the overdue amounts before drawing again."),
            status=409,
        )
    value = money_parse(amount)
    try:
        term = int(term_months)
    except (TypeError, ValueError):
        term = 0
    method = repayment_method or product.repayment_methods[0]
    _terms_check(product, term, method)
    stated_purpose = purpose_check(product, purpose)
    _amount_check(line, product, value)
    return CheckedDraw(value, stated_purpose, term, method)


def draw_preview(
    *, line: Line, amount: Any, purpose: str, term_months: Any, repayment_method: str | None
) -> rates.Quote:
    """What the customer confirms before a draw: the same checks as `draw_request`
    (nothing booked, nothing locked) and the repayment schedule from today."""
    checked = _request_check(
        line,
        amount=amount,
        purpose=purpose,
        term_months=term_months,
        repayment_method=repayment_method,
    )
    return rates.quote(
        amount=checked.amount,
        daily_rate=line.daily_rate,
        term_months=checked.term_months,
        method=checked.repayment_method,
        start=business_date_today(),
    )


def draw_request(
    *,
    line: Line,
    actor: Any,
    amount: Any,
    purpose: str,
    term_months: Any,
    repayment_method: str | None,
    idempotency_key: str,
    fingerprint: str,
) -> DrawResult:
    """Check and book a draw; on return it is disbursing (or the key's first answer).

    Refusals raise DomainError and leave nothing behind; the caller keeps the refusal
    under the key (`idempotency_refusal`).
    """
    with transaction.atomic():
        business_date = clock_hold()
        locked = (
            Line.objects.select_for_update(of=("self",))
            .select_related("product", "principal_account")
            .get(pk=line.pk)
        )
        earlier = idempotency_lookup(
            line=locked, key=idempotency_key, operation=OPERATION, fingerprint=fingerprint
        )
        if earlier is not None:
            return DrawResult(record=earlier, draw=earlier.draw, replayed=True)

        requested_at = timezone.now()
        checked = _request_check(
            locked,
            amount=amount,
            purpose=purpose,
            term_months=term_months,
            repayment_method=repayment_method,
        )
        value = checked.amount
        checked_at = timezone.now()

        draw = Draw.objects.create(
            line=locked,
            amount=value,
            purpose=checked.purpose,
            term_months=checked.term_months,
            repayment_method=checked.repayment_method,
            daily_rate=locked.daily_rate,
            penalty_rate=locked.penalty_rate,
            status=Draw.Status.CHECKED,
            business_date=business_date,
            requested_at=requested_at,
            checked_at=checked_at,
            transfer_id=uuid.uuid4().hex,
        )
        assert locked.principal_account is not None
        posting = transaction_post(
            legs=[Leg(locked.principal_account, value), Leg(control(IN_TRANSIT), -value)],
            description=f"Draw #{draw.pk} on line #{locked.pk}",
            value_date=business_date,
            source="lending.draw",
            reference=str(draw.pk),
            posted_by=actor,
        )
        Line.objects.filter(pk=locked.pk).update(
            principal_outstanding=F("principal_outstanding") + money_value(value)
        )
        draw.status = Draw.Status.DISBURSING
        draw.disbursing_at = timezone.now()
        draw.posting_txn = posting
        draw.principal_outstanding = value
        draw.save(update_fields=["status", "disbursing_at", "posting_txn", "principal_outstanding"])
        record = idempotency_claim(
            line=locked,
            key=idempotency_key,
            operation=OPERATION,
            fingerprint=fingerprint,
            draw=draw,
        )
        audit_record(
            action=Action.CREATE,
            actor=actor,
            obj=draw,
            place_code=locked.place_id,
            detail={"line": locked.pk, "amount": f"{value:.2f}"},
        )
    return DrawResult(record=record, draw=draw, replayed=False)
