"""Draws and refunds at the same moment, in real parallel transactions (PostgreSQL): the
line never goes past its limit, refunds never pay out more than the credit balance, and
one Idempotency-Key moves money once."""

import threading
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.lending.models import Draw, Line, Refund, SimulatedTransfer
from cityplatform.lending.services.disbursement import draw_disburse
from cityplatform.lending.services.draws import draw_request
from cityplatform.lending.services.refunds import refund_pay, refund_request
from cityplatform.lending.tests.conftest import book_problems, repay, take

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")


def in_parallel(count: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except DomainError as exc:
            results[index] = exc.code
        except Exception as exc:
            results[index] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _draw(line: Line, amount: str, key: str, print_: str) -> str:
    result = draw_request(
        line=line,
        actor=line.borrower,
        amount=amount,
        purpose="装修",
        term_months=1,
        repayment_method="bullet",
        idempotency_key=key,
        fingerprint=print_,
    )
    assert result.draw is not None
    draw_disburse(draw_id=result.draw.pk)
    return "replayed" if result.replayed else "ok"


def test_parallel_draws_never_exceed_the_limit(approved_line: Line) -> None:
    # Limit 204,000: four draws of 60,000 at once; only three fit.
    results = in_parallel(
        4, lambda i: _draw(approved_line, "60000.00", uuid.uuid4().hex, uuid.uuid4().hex)
    )
    assert sorted(results) == ["above_available", "ok", "ok", "ok"]
    approved_line.refresh_from_db()
    assert approved_line.principal_outstanding == Decimal("180000.00")
    assert approved_line.available == Decimal("24000.00")
    assert Draw.objects.filter(status=Draw.Status.DISBURSED).count() == 3
    assert book_problems() == []


def test_one_key_sent_twice_at_once_draws_once(approved_line: Line) -> None:
    results = in_parallel(3, lambda i: _draw(approved_line, "10000.00", "same-key", "same-body"))
    assert sorted(results) == ["ok", "replayed", "replayed"]
    assert Draw.objects.count() == 1
    assert SimulatedTransfer.objects.count() == 1


def _refund(line: Line, amount: str, key: str, print_: str) -> str:
    result = refund_request(
        line=line, actor=line.borrower, amount=amount, idempotency_key=key, fingerprint=print_
    )
    assert result.refund is not None
    if result.replayed:
        return "replayed"
    return refund_pay(refund_id=result.refund.pk).status


@pytest.fixture
def overpaid_line(approved_line: Line) -> Line:
    take(approved_line, "1000.00")
    repay(approved_line, "1200.00")  # 200.00 held as credit balance
    return approved_line


def test_parallel_refunds_never_pay_out_more_than_the_balance(overpaid_line: Line) -> None:
    # Four refunds of 80.00 at once against a balance of 200.00: only two fit.
    results = in_parallel(
        4, lambda i: _refund(overpaid_line, "80.00", uuid.uuid4().hex, uuid.uuid4().hex)
    )
    assert sorted(results) == ["above_credit_balance", "above_credit_balance", "paid", "paid"]
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("40.00")
    paid = Refund.objects.filter(status=Refund.Status.PAID)
    refunded = SimulatedTransfer.objects.filter(
        transfer_id__in=paid.values_list("transfer_id", flat=True)
    )
    assert sum(t.amount for t in refunded) == Decimal("160.00")
    assert book_problems() == []


def test_parallel_refunds_of_the_whole_balance_pay_it_once(overpaid_line: Line) -> None:
    results = in_parallel(
        3, lambda i: _refund(overpaid_line, "200.00", uuid.uuid4().hex, uuid.uuid4().hex)
    )
    # The first pays it all; the others find nothing left.
    assert sorted(results) == ["no_credit_balance", "no_credit_balance", "paid"]
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == 0
    assert book_problems() == []


def test_one_refund_key_sent_twice_at_once_refunds_once(overpaid_line: Line) -> None:
    results = in_parallel(3, lambda i: _refund(overpaid_line, "50.00", "same-key", "same-body"))
    assert sorted(results) == ["paid", "replayed", "replayed"]
    assert Refund.objects.count() == 1
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("150.00")
