from types import SimpleNamespace

import pytest

from cityplatform.ledger.models import Account
from cityplatform.ledger.services import account_open


@pytest.fixture
def book(db: None) -> SimpleNamespace:
    """A tiny chart of accounts: cash, a loan book, income and a customer's credit."""
    return SimpleNamespace(
        cash=account_open(code="t.cash", name="Cash", kind=Account.Kind.ASSET),
        loans=account_open(code="t.loans", name="Loans receivable", kind=Account.Kind.ASSET),
        income=account_open(code="t.income", name="Interest income", kind=Account.Kind.INCOME),
        credit=account_open(code="t.credit", name="Customer credit", kind=Account.Kind.LIABILITY),
    )
