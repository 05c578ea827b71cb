"""Opening and closing credit lines."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.lending import rates
from cityplatform.lending.models import Application, Decision, Draw, Line, Refund
from cityplatform.lending.services.accounts import line_principal_account
from cityplatform.lending.services.clock import business_date_today


def line_open(*, application: Application, decision: Decision) -> Line:
    """The line an approved decision grants, with its loans-receivable account."""
    assert decision.credit_limit is not None
    assert decision.daily_rate is not None
    product = application.product
    with transaction.atomic():
        line = Line.objects.create(
            product=product,
            application=application,
            borrower=application.applicant,
            place=application.place,
            id_number_index=application.id_number_index,
            grade=decision.grade,
            daily_rate=decision.daily_rate,
            penalty_rate=rates.penalty_rate(decision.daily_rate, product.penalty_multiplier),
            credit_limit=decision.credit_limit,
            opened_on=business_date_today(),
        )
        line.principal_account = line_principal_account(line)
        line.save(update_fields=["principal_account"])
    return line


def line_close(*, line: Line, actor: Any) -> Line:
    """Close a line that owes nothing (its credit balance refunded first); repayments
    on a closed line are refused."""
    from cityplatform.lending.services.repayments import credit_balance_refund

    credit_balance_refund(line=line, actor=actor)
    with transaction.atomic():
        locked = Line.objects.select_for_update().get(pk=line.pk)
        if locked.status == Line.Status.CLOSED:
            raise DomainError("line_closed", _("This credit line is closed."), status=409)
        busy = Draw.objects.filter(line=locked).exclude(
            status__in=[Draw.Status.SETTLED, Draw.Status.FAILED]
        )
        if locked.principal_outstanding or busy.exists():
            raise DomainError(
                "line_in_use",
                _("Repay everything owed on the line before closing it."),
                status=409,
            )
        if Refund.objects.filter(line=locked, status=Refund.Status.PAYING).exists():
            # A refund the rail never pays gives its amount back to the line's balance.
            raise DomainError(
                "refund_in_flight",
                _("A refund of the credit balance is still being paid; close the line after it."),
                status=409,
            )
        locked.status = Line.Status.CLOSED
        locked.closed_on = business_date_today()
        locked.save(update_fields=["status", "closed_on"])
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"status": "closed"})
    return locked
