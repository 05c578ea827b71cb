"""Self-service refunds of the credit balance: in the service, the API and the pages."""

import uuid
from decimal import Decimal

import pytest
from django.test import Client

from cityplatform.core.errors import DomainError
from cityplatform.lending.models import IdempotencyRecord, Line, Refund, SimulatedTransfer
from cityplatform.lending.rail import SimulatedRail, use
from cityplatform.lending.services.accounts import REFUNDS_IN_TRANSIT, SETTLEMENT, credit_code
from cityplatform.lending.services.refunds import refund_pay, refund_request, refunds_resume
from cityplatform.lending.tests.conftest import balance, book_problems, repay, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def overpaid_line(approved_line: Line) -> Line:
    """The borrower drew 1,000 and repaid 1,200 the same day: 200 held for them."""
    take(approved_line, "1000.00")
    repay(approved_line, "1200.00")
    approved_line.refresh_from_db()
    assert approved_line.credit_balance == Decimal("200.00")
    return approved_line


def refund(line: Line, amount: str, *, key: str | None = None, body: str | None = None) -> Refund:
    result = refund_request(
        line=line,
        actor=line.borrower,
        amount=amount,
        idempotency_key=key or uuid.uuid4().hex,
        fingerprint=body or uuid.uuid4().hex,
    )
    assert result.refund is not None
    return refund_pay(refund_id=result.refund.pk) if not result.replayed else result.refund


def test_the_whole_balance_is_refunded_through_the_rail(overpaid_line: Line) -> None:
    settlement_before = balance(SETTLEMENT)
    done = refund(overpaid_line, "200.00")
    overpaid_line.refresh_from_db()
    assert done.status == Refund.Status.PAID
    assert done.settlement_txn is not None
    assert overpaid_line.credit_balance == 0
    assert balance(credit_code(overpaid_line.pk)) == 0
    assert balance(REFUNDS_IN_TRANSIT) == 0
    assert balance(SETTLEMENT) == settlement_before - Decimal("200.00")
    transfer = SimulatedTransfer.objects.get(transfer_id=done.transfer_id)
    assert transfer.amount == Decimal("200.00")
    assert transfer.payee == f"line:{overpaid_line.pk}"
    assert book_problems() == []


def test_part_of_the_balance_is_refunded(overpaid_line: Line) -> None:
    refund(overpaid_line, "50.50")
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("149.50")
    assert balance(credit_code(overpaid_line.pk)) == Decimal("-149.50")
    refund(overpaid_line, "149.50")
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == 0
    assert book_problems() == []


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("200.01", "above_credit_balance"),
        ("0", "amount_not_positive"),
        ("-5.00", "amount_not_positive"),
        ("1.001", "too_many_decimals"),
        ("二百", "invalid_amount"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_moves(
    overpaid_line: Line, amount: str, code: str
) -> None:
    with pytest.raises(DomainError) as exc:
        refund(overpaid_line, amount)
    assert exc.value.code == code
    assert exc.value.status == 422
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("200.00")
    assert not Refund.objects.exists()
    assert SimulatedTransfer.objects.count() == 1  # the draw's payment only


def test_a_line_without_a_credit_balance_refunds_nothing(approved_line: Line) -> None:
    with pytest.raises(DomainError) as exc:
        refund(approved_line, "1.00")
    assert exc.value.code == "no_credit_balance"
    assert not Refund.objects.exists()


def test_the_same_key_and_body_replays_without_paying_again(overpaid_line: Line) -> None:
    first = refund(overpaid_line, "80.00", key="k1", body="b1")
    again = refund(overpaid_line, "80.00", key="k1", body="b1")
    assert again.pk == first.pk
    assert Refund.objects.count() == 1
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("120.00")
    with pytest.raises(DomainError) as exc:
        refund(overpaid_line, "90.00", key="k1", body="b2")
    assert exc.value.code == "idempotency_key_reused"
    assert exc.value.status == 409
    assert Refund.objects.count() == 1


def test_a_transfer_that_never_succeeds_restores_the_balance(overpaid_line: Line) -> None:
    settlement_before = balance(SETTLEMENT)
    with use(SimulatedRail(fail_first=10)) as rail:
        done = refund(overpaid_line, "150.00")
    overpaid_line.refresh_from_db()
    assert done.status == Refund.Status.FAILED
    assert rail.calls == 3
    assert done.reversal_txn is not None
    assert done.reversal_txn.reverses_id == done.posting_txn_id
    assert overpaid_line.credit_balance == Decimal("200.00")
    assert balance(credit_code(overpaid_line.pk)) == Decimal("-200.00")
    assert balance(REFUNDS_IN_TRANSIT) == 0
    assert balance(SETTLEMENT) == settlement_before
    assert not SimulatedTransfer.objects.filter(transfer_id=done.transfer_id).exists()
    assert book_problems() == []


def test_a_declined_refund_restores_the_balance_and_a_retry_works(overpaid_line: Line) -> None:
    with use(SimulatedRail(decline=True)):
        declined = refund(overpaid_line, "200.00")
    assert declined.status == Refund.Status.FAILED
    assert declined.failure_reason.startswith("declined")
    assert refund(overpaid_line, "200.00").status == Refund.Status.PAID
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == 0
    assert book_problems() == []


def test_a_timeout_after_paying_pays_once(overpaid_line: Line) -> None:
    with use(SimulatedRail(timeout_first=1)):
        done = refund(overpaid_line, "200.00")
    assert done.status == Refund.Status.PAID
    assert SimulatedTransfer.objects.filter(transfer_id=done.transfer_id).count() == 1


def test_a_refund_left_paying_is_resumed(overpaid_line: Line) -> None:
    result = refund_request(
        line=overpaid_line,
        actor=overpaid_line.borrower,
        amount="200.00",
        idempotency_key="k",
        fingerprint="f",
    )
    assert balance(REFUNDS_IN_TRANSIT) == Decimal("-200.00")
    assert book_problems() == []  # in transit, as its sub-ledger says
    [resumed] = refunds_resume()
    assert resumed.pk == result.refund.pk  # type: ignore[union-attr]
    assert resumed.status == Refund.Status.PAID
    assert balance(REFUNDS_IN_TRANSIT) == 0
    assert book_problems() == []


def test_a_line_is_not_closed_while_a_refund_is_being_paid(overpaid_line: Line) -> None:
    from cityplatform.lending.services.lines import line_close

    refund_request(
        line=overpaid_line,
        actor=overpaid_line.borrower,
        amount="200.00",
        idempotency_key="k",
        fingerprint="f",
    )
    with pytest.raises(DomainError) as exc:
        line_close(line=overpaid_line, actor=overpaid_line.borrower)
    assert exc.value.code == "refund_in_flight"
    refunds_resume()
    assert line_close(line=overpaid_line, actor=overpaid_line.borrower).status == "closed"
    assert book_problems() == []


# --- The API -----------------------------------------------------------------------


def _post(client: Client, line: Line, amount: str, key: str | None):  # type: ignore[no-untyped-def]
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        f"/api/lending/lines/{line.pk}/refunds",
        {"amount": amount},
        content_type="application/json",
        headers=headers,
    )


def _client(line: Line) -> Client:
    client = Client()
    client.force_login(line.borrower)
    return client


def test_the_api_refunds_with_a_key_and_replays(overpaid_line: Line) -> None:
    client = _client(overpaid_line)
    first = _post(client, overpaid_line, "120.00", "r1")
    assert first.status_code == 201, first.content
    assert first["Idempotent-Replayed"] == "false"
    body = first.json()
    assert body["amount"] == "120.00"
    assert body["status"] == "paid"
    again = _post(client, overpaid_line, "120.00", "r1")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == body
    other = _post(client, overpaid_line, "10.00", "r1")
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Refund.objects.count() == 1
    line = client.get(f"/api/lending/lines/{overpaid_line.pk}").json()
    assert line["credit_balance"] == "80.00"
    listed = client.get(f"/api/lending/lines/{overpaid_line.pk}/refunds").json()
    assert [r["id"] for r in listed] == [body["id"]]
    assert book_problems() == []


def test_the_api_refuses_bad_amounts_with_a_json_error(overpaid_line: Line) -> None:
    client = _client(overpaid_line)
    above = _post(client, overpaid_line, "200.01", "a")
    assert above.status_code == 422
    error = above.json()["error"]
    assert error["code"] == "above_credit_balance"
    assert error["message"]
    assert error["credit_balance"] == "200.00"
    # A refused request keeps its key: the same request gets the same refusal.
    assert _post(client, overpaid_line, "200.01", "a").json() == above.json()
    zero = _post(client, overpaid_line, "0", "b")
    assert zero.status_code == 422
    assert zero.json()["error"]["code"] == "amount_not_positive"
    missing = _post(client, overpaid_line, "1.00", None)
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "idempotency_key_required"
    assert not Refund.objects.exists()
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("200.00")


def test_the_api_answers_failed_when_the_rail_never_pays(overpaid_line: Line) -> None:
    with use(SimulatedRail(fail_first=10)):
        response = _post(_client(overpaid_line), overpaid_line, "200.00", "f")
    assert response.status_code == 201
    assert response.json()["status"] == "failed"
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("200.00")


def test_another_borrower_cannot_refund(overpaid_line: Line, people) -> None:  # type: ignore[no-untyped-def]
    other = Client()
    other.force_login(people.other)
    assert _post(other, overpaid_line, "1.00", "k").status_code == 404
    assert other.get(f"/api/lending/lines/{overpaid_line.pk}/refunds").status_code == 404
    assert other.get(f"/loans/lines/{overpaid_line.pk}/refund/").status_code == 404
    assert not IdempotencyRecord.objects.filter(operation="refund").exists()


# --- The pages ---------------------------------------------------------------------


def test_the_borrower_refunds_on_the_page(overpaid_line: Line) -> None:
    client = _client(overpaid_line)
    dashboard = client.get(f"/loans/lines/{overpaid_line.pk}/").content.decode()
    assert f'href="/loans/lines/{overpaid_line.pk}/refund/"' in dashboard
    assert "申请退还溢缴款" in dashboard
    page = client.get(f"/loans/lines/{overpaid_line.pk}/refund/").content.decode()
    assert "200.00" in page
    done = client.post(
        f"/loans/lines/{overpaid_line.pk}/refund/", {"amount": "200.00", "idempotency_key": "p1"}
    )
    assert done.status_code == 302
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == 0
    shown = client.get(done["Location"]).content.decode()
    assert "已退还到您的账户" in shown
    assert "申请退还溢缴款" not in shown
    # The same form sent again (a double tap) pays nothing more.
    client.post(
        f"/loans/lines/{overpaid_line.pk}/refund/", {"amount": "200.00", "idempotency_key": "p1"}
    )
    assert Refund.objects.count() == 1
    assert book_problems() == []


def test_the_page_refuses_more_than_the_balance_in_chinese(overpaid_line: Line) -> None:
    client = _client(overpaid_line)
    refused = client.post(
        f"/loans/lines/{overpaid_line.pk}/refund/", {"amount": "500", "idempotency_key": "x1"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "最多可退还 200.00 元" in page
    assert 'value="x1"' not in page  # the corrected request gets a new key
    zero = client.post(
        f"/loans/lines/{overpaid_line.pk}/refund/", {"amount": "0", "idempotency_key": "x2"}
    )
    assert zero.status_code == 400
    assert "金额必须大于零" in zero.content.decode()
    assert not Refund.objects.exists()
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("200.00")


def test_the_page_says_when_the_bank_could_not_pay(overpaid_line: Line) -> None:
    client = _client(overpaid_line)
    with use(SimulatedRail(fail_first=10)):
        done = client.post(
            f"/loans/lines/{overpaid_line.pk}/refund/",
            {"amount": "200.00", "idempotency_key": "f1"},
        )
    shown = client.get(done["Location"]).content.decode()
    assert "溢缴款未变" in shown
    overpaid_line.refresh_from_db()
    assert overpaid_line.credit_balance == Decimal("200.00")
