import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from cityplatform.core.errors import DomainError
from cityplatform.core.models import AppendOnlyError
from cityplatform.ledger import selectors
from cityplatform.ledger.checks import problems
from cityplatform.ledger.models import Account, Entry, Transaction
from cityplatform.ledger.money import amount_parse
from cityplatform.ledger.services import (
    Leg,
    Posting,
    account_open,
    transaction_post,
    transaction_reverse,
    transactions_post_many,
)

pytestmark = pytest.mark.django_db


def _lend(book, amount: str) -> Transaction:  # type: ignore[no-untyped-def]
    return transaction_post(
        legs=[Leg(book.loans, Decimal(amount)), Leg(book.cash, -Decimal(amount))],
        description="draw",
        source="test.draw",
        reference="1",
    )


def test_posting_moves_balances_and_nothing_is_stored(book) -> None:  # type: ignore[no-untyped-def]
    _lend(book, "10000.00")
    transaction_post(
        legs=[Leg(book.cash, Decimal("45.00")), Leg(book.income, Decimal("-45.00"))],
        description="interest",
    )
    assert selectors.balance(book.loans) == Decimal("10000.00")
    assert selectors.balance(book.cash) == Decimal("-9955.00")
    assert selectors.normal_balance(book.income) == Decimal("45.00")
    assert selectors.balances([book.cash, book.loans, book.credit]) == {
        book.cash.pk: Decimal("-9955.00"),
        book.loans.pk: Decimal("10000.00"),
        book.credit.pk: Decimal("0.00"),
    }
    assert list(problems()) == []


@pytest.mark.parametrize(
    ("legs", "code"),
    [
        ([], "empty_transaction"),
        ([("cash", "5.00")], "empty_transaction"),
        ([("cash", "5.00"), ("loans", "-4.99")], "unbalanced"),
        ([("cash", "0"), ("loans", "0")], "zero_amount"),
        ([("cash", "1.005"), ("loans", "-1.005")], "too_many_decimals"),
        ([("cash", "NaN"), ("loans", "1")], "invalid_amount"),
        ([("cash", "abc"), ("loans", "1")], "invalid_amount"),
        ([("cash", "1e15"), ("loans", "-1e15")], "amount_too_large"),
    ],
)
def test_bad_postings_are_refused_and_write_nothing(book, legs, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        transaction_post(
            legs=[Leg(getattr(book, name), amount) for name, amount in legs],  # type: ignore[arg-type]
            description="bad",
        )
    assert exc.value.code == code
    assert Transaction.objects.count() == 0
    assert Entry.objects.count() == 0


def test_float_amounts_are_refused() -> None:
    with pytest.raises(DomainError) as exc:
        amount_parse(0.1)
    assert exc.value.code == "invalid_amount"
    assert amount_parse("1,000.5") == Decimal("1000.50")
    assert amount_parse("2.500") == Decimal("2.50")


@pytest.mark.parametrize("value", ["1e30", "1e999999", "-1e20", "999999999999.995"])
def test_huge_amounts_are_refused_not_crashed_on(value: str) -> None:
    with pytest.raises(DomainError) as exc:
        amount_parse(value)
    assert exc.value.code in {"amount_too_large", "too_many_decimals"}


def test_one_bad_posting_refuses_the_whole_batch(book) -> None:  # type: ignore[no-untyped-def]
    good = Posting([Leg(book.cash, Decimal(1)), Leg(book.loans, Decimal(-1))], "ok")
    bad = Posting([Leg(book.cash, Decimal(1)), Leg(book.loans, Decimal(-2))], "bad")
    with pytest.raises(DomainError):
        transactions_post_many([good, bad])
    assert Transaction.objects.count() == 0


def test_reversal_mirrors_and_happens_once(book) -> None:  # type: ignore[no-untyped-def]
    txn = _lend(book, "300.00")
    reversal = transaction_reverse(txn=txn, reason="keyed twice")
    assert reversal.reverses == txn
    assert (reversal.source, reversal.reference) == (txn.source, txn.reference)
    assert selectors.balance(book.loans) == 0
    assert selectors.is_reversed(txn)
    with pytest.raises(DomainError) as exc:
        transaction_reverse(txn=txn, reason="again")
    assert exc.value.code == "already_reversed"
    with pytest.raises(DomainError) as exc:
        transaction_reverse(txn=reversal, reason="undo the undo")
    assert exc.value.code == "reversal_of_reversal"
    with pytest.raises(DomainError) as exc:
        transaction_reverse(txn=_lend(book, "1.00"), reason="  ")
    assert exc.value.code == "reason_required"
    assert Transaction.objects.filter(reverses__isnull=False).count() == 1
    assert list(problems()) == []


def test_posted_rows_cannot_be_changed_or_deleted(book) -> None:  # type: ignore[no-untyped-def]
    txn = _lend(book, "1.00")
    entry = txn.entries.first()
    assert entry is not None
    entry.amount = Decimal("2.00")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        txn.delete()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("5.00"))


def test_account_codes_are_stable(book) -> None:  # type: ignore[no-untyped-def]
    again = account_open(code="t.cash", name="Cash again", kind=Account.Kind.ASSET)
    assert again.pk == book.cash.pk
    with pytest.raises(DomainError) as exc:
        account_open(code="t.cash", name="Cash", kind=Account.Kind.INCOME)
    assert exc.value.code == "account_kind_mismatch"
    owned = account_open(code="t.owned", name="x", kind="asset", owner=book.cash)
    assert (owned.owner_type, owned.owner_id) == ("ledger.account", str(book.cash.pk))


def test_verify_ledger_lists_broken_invariants_and_exits_non_zero(book) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "checks passed" in out.getvalue()

    # Rows written behind the services' back, in a savepoint rolled back at the end
    # (on PostgreSQL the deferred balance trigger would refuse them at any commit).
    with transaction.atomic():
        broken = Transaction.objects.create(value_date="2020-02-01", description="forged")
        Entry.objects.create(transaction=broken, account=book.cash, amount=Decimal("5.00"))
        good = _lend(book, "7.00")
        bad_reversal = Transaction.objects.create(
            value_date="2020-02-01", description="half reversal", reverses=good
        )
        Entry.objects.create(transaction=bad_reversal, account=book.loans, amount=Decimal("-7.00"))
        Entry.objects.create(transaction=bad_reversal, account=book.income, amount=Decimal("7.00"))

        out = io.StringIO()
        with pytest.raises(CommandError, match="problem"):
            call_command("verify_ledger", stdout=out)
        text = out.getvalue()
        assert f"transaction #{broken.pk} does not balance" in text
        assert f"transaction #{broken.pk} has 1 entries" in text
        assert f"reversal #{bad_reversal.pk} does not mirror transaction #{good.pk}" in text
        transaction.set_rollback(True)
