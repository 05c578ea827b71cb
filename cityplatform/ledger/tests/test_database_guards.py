"""PostgreSQL refuses, in the database itself, to rewrite or unbalance the book."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from cityplatform.ledger.models import Entry, Transaction
from cityplatform.ledger.services import Leg, transaction_post

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("database triggers exist on PostgreSQL only")


@pytest.mark.django_db
def test_raw_update_and_delete_are_refused(book) -> None:  # type: ignore[no-untyped-def]
    txn = transaction_post(
        legs=[Leg(book.cash, Decimal("1.00")), Leg(book.loans, Decimal("-1.00"))], description="x"
    )
    for sql in (
        "UPDATE ledger_entry SET amount = 2 WHERE transaction_id = %s",
        "DELETE FROM ledger_entry WHERE transaction_id = %s",
        "UPDATE ledger_transaction SET description = 'y' WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [txn.pk])


@pytest.mark.django_db(transaction=True)
def test_an_unbalanced_transaction_cannot_commit(book) -> None:  # type: ignore[no-untyped-def]
    def forge() -> None:
        with transaction.atomic():
            txn = Transaction.objects.create(value_date="2020-02-01", description="forged")
            Entry.objects.create(transaction=txn, account=book.cash, amount=Decimal("5.00"))

    with pytest.raises(DatabaseError, match="does not balance"):
        forge()
    assert Transaction.objects.count() == 0
