"""The lines API per the contract, and Idempotency-Key semantics exactly as the issue says."""

from decimal import Decimal

import pytest
from django.test import Client

from cityplatform.lending.models import Draw, IdempotencyRecord, Line, Repayment, SimulatedTransfer
from cityplatform.lending.tests.conftest import book_problems

pytestmark = pytest.mark.django_db

DRAW = {"amount": "10000.00", "purpose": "装修", "term_months": 1, "repayment_method": "bullet"}


@pytest.fixture
def client_of(approved_line: Line) -> Client:
    client = Client()
    client.force_login(approved_line.borrower)
    return client


def post(client: Client, path: str, body: dict, key: str | None):  # type: ignore[no-untyped-def,type-arg]
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(path, body, content_type="application/json", headers=headers)


def test_line_per_the_contract(client_of: Client, approved_line: Line) -> None:
    body = client_of.get(f"/api/lending/lines/{approved_line.pk}").json()
    assert body["credit_limit"] == "204000.00"
    assert body["available"] == "204000.00"
    assert body["principal_outstanding"] == "0.00"
    assert body["interest_outstanding"] == "0.00"
    assert body["business_date"] == "2026-04-01"
    assert body["daily_rate"] == "0.015"
    assert body["annual_rate"] == "5.475"
    assert [line["id"] for line in client_of.get("/api/lending/lines").json()] == [approved_line.pk]


def test_a_borrower_sees_only_their_own_lines(approved_line: Line, people) -> None:  # type: ignore[no-untyped-def]
    other = Client()
    other.force_login(people.other)
    base = f"/api/lending/lines/{approved_line.pk}"
    assert other.get(base).status_code == 404
    assert other.get(f"{base}/draws").status_code == 404
    assert post(other, f"{base}/draws", DRAW, "k").status_code == 404
    assert post(other, f"{base}/repayments", {"amount": "1.00"}, "k").status_code == 404
    assert other.get("/api/lending/lines").json() == []
    assert Client().get(base).status_code == 401
    assert not Draw.objects.exists()


def test_draw_then_replay_moves_money_once(client_of: Client, approved_line: Line) -> None:
    path = f"/api/lending/lines/{approved_line.pk}/draws"
    first = post(client_of, path, DRAW, "draw-1")
    assert first.status_code == 201, first.content
    assert first["Idempotent-Replayed"] == "false"
    body = first.json()
    assert body["status"] == "disbursed"
    assert body["amount"] == "10000.00"
    assert body["seconds_to_disburse"] is not None

    again = post(client_of, path, DRAW, "draw-1")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == body
    assert Draw.objects.count() == 1
    assert SimulatedTransfer.objects.count() == 1
    approved_line.refresh_from_db()
    assert approved_line.principal_outstanding == Decimal("10000.00")

    # The same key with another body is refused, and moves nothing.
    other = post(client_of, path, {**DRAW, "amount": "20000.00"}, "draw-1")
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Draw.objects.count() == 1
    # A key is scoped to its line's operations: a repayment cannot reuse it either.
    reused = post(
        client_of, f"/api/lending/lines/{approved_line.pk}/repayments", {"amount": "1.00"}, "draw-1"
    )
    assert reused.status_code == 409


def test_a_refusal_for_bad_input_is_kept_and_a_new_key_retries(
    client_of: Client, approved_line: Line
) -> None:
    path = f"/api/lending/lines/{approved_line.pk}/draws"
    bad = {**DRAW, "amount": "500.00"}
    refused = post(client_of, path, bad, "k1")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "below_minimum"
    assert error["message"] == "单笔借款不低于 1,000.00 元。"
    # The same request with the same key gets the same refusal.
    again = post(client_of, path, bad, "k1")
    assert again.status_code == 422
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == refused.json()
    # Corrected, under the same key: a different request, refused.
    assert post(client_of, path, DRAW, "k1").status_code == 409
    # Corrected, with a new key: done.
    assert post(client_of, path, DRAW, "k2").status_code == 201
    assert Draw.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**DRAW, "amount": "10000.005"}, "too_many_decimals"),
        ({**DRAW, "amount": "999999"}, "above_available"),
        ({**DRAW, "purpose": "炒股"}, "prohibited_purpose"),
        ({**DRAW, "term_months": 5}, "invalid_term"),
    ],
)
def test_bad_draws_answer_422_with_a_clear_message(
    client_of: Client, approved_line: Line, body, code
) -> None:  # type: ignore[no-untyped-def]
    response = post(client_of, f"/api/lending/lines/{approved_line.pk}/draws", body, "k")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert not Draw.objects.exists()


def test_money_must_be_a_decimal_string_and_the_key_is_required(
    client_of: Client, approved_line: Line
) -> None:
    path = f"/api/lending/lines/{approved_line.pk}/draws"
    assert post(client_of, path, {**DRAW, "amount": 10000}, "k").status_code == 422
    missing = post(client_of, path, DRAW, None)
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "idempotency_key_required"
    assert not IdempotencyRecord.objects.exists()


def test_repayment_with_a_key(client_of: Client, approved_line: Line) -> None:
    post(client_of, f"/api/lending/lines/{approved_line.pk}/draws", DRAW, "d")
    path = f"/api/lending/lines/{approved_line.pk}/repayments"
    first = post(client_of, path, {"amount": "10500.00"}, "r1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["principal_paid"] == "10000.00"
    assert body["credit_added"] == "500.00"
    assert post(client_of, path, {"amount": "10500.00"}, "r1").json() == body
    assert Repayment.objects.count() == 1
    line = client_of.get(f"/api/lending/lines/{approved_line.pk}").json()
    assert line["principal_outstanding"] == "0.00"
    assert line["credit_balance"] == "500.00"
    assert line["available"] == "204000.00"
    assert book_problems() == []


def test_repayments_on_a_closed_line_are_refused(client_of: Client, approved_line: Line) -> None:
    Line.objects.filter(pk=approved_line.pk).update(status=Line.Status.CLOSED)
    response = post(
        client_of, f"/api/lending/lines/{approved_line.pk}/repayments", {"amount": "100.00"}, "r"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "line_closed"
    assert not Repayment.objects.exists()
