"""Lending's accounts in the ledger (the chart), opened on first use.

Control accounts of the book (one each): the bank's settlement account with the
payment rail, disbursements and credit-balance refunds in transit, interest and
penalty receivable, interest and penalty income. Per line: loans receivable (its
outstanding principal) and, once the customer overpays, the credit balance held for
them. Daily interest goes to the control accounts in one posting per chunk of the
close of business; each draw's share is in lending's accrual sub-ledger (see
docs/decisions.md).
"""

from cityplatform.ledger.models import Account
from cityplatform.ledger.services import account_open
from cityplatform.lending.models import Line

SETTLEMENT = "lending.settlement"
IN_TRANSIT = "lending.disbursements_in_transit"
REFUNDS_IN_TRANSIT = "lending.refunds_in_transit"
INTEREST_RECEIVABLE = "lending.interest_receivable"
PENALTY_RECEIVABLE = "lending.penalty_receivable"
INTEREST_INCOME = "lending.interest_income"
PENALTY_INCOME = "lending.penalty_income"

CONTROL_ACCOUNTS = {
    SETTLEMENT: ("Lending settlement account", Account.Kind.ASSET),
    IN_TRANSIT: ("Loan disbursements in transit", Account.Kind.LIABILITY),
    REFUNDS_IN_TRANSIT: ("Credit balance refunds in transit", Account.Kind.LIABILITY),
    INTEREST_RECEIVABLE: ("Loan interest receivable", Account.Kind.ASSET),
    PENALTY_RECEIVABLE: ("Loan penalty interest receivable", Account.Kind.ASSET),
    INTEREST_INCOME: ("Loan interest income", Account.Kind.INCOME),
    PENALTY_INCOME: ("Loan penalty interest income", Account.Kind.INCOME),
}


def control(code: str) -> Account:
    name, kind = CONTROL_ACCOUNTS[code]
    return account_open(code=code, name=name, kind=kind)


def principal_code(line_id: int) -> str:
    return f"lending.line.{line_id}.principal"


def credit_code(line_id: int) -> str:
    return f"lending.line.{line_id}.credit"


def line_principal_account(line: Line) -> Account:
    return account_open(
        code=principal_code(line.pk),
        name=f"Loans receivable, line {line.pk}",
        kind=Account.Kind.ASSET,
        owner=line,
    )


def line_credit_account(line: Line) -> Account:
    return account_open(
        code=credit_code(line.pk),
        name=f"Customer credit balance, line {line.pk}",
        kind=Account.Kind.LIABILITY,
        owner=line,
    )
