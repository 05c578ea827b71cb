"""Opening and closing credit lines."""

from django.db import transaction

from cityplatform.lending import rates
from cityplatform.lending.models import Application, Decision, Line
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
