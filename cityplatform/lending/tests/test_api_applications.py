"""POST /api/lending/applications per the contract; an applicant sees only their own."""

from datetime import date

import pytest
from django.test import Client

from cityplatform.lending.services.clock import clock_set
from cityplatform.lending.tests.conftest import make_id_number, register_relationship

pytestmark = pytest.mark.django_db

BODY = {
    "full_name": "王小明",
    "id_number": make_id_number(),
    "phone": "13812345678",
    "place_code": "430202000000",
    "employer_name": "株洲市荷塘区人民医院",
    "segment": "payroll",
    "segment_evidence": "6217000123456789",
    "monthly_income": "12000.00",
    "monthly_debt_payments": "1800.00",
    "employment_years": 6,
    "consent": True,
}


@pytest.fixture
def borrower_client(people, product) -> Client:  # type: ignore[no-untyped-def]
    clock_set(date(2026, 4, 1))
    register_relationship(BODY["id_number"], "payroll", BODY["segment_evidence"])
    client = Client()
    client.force_login(people.borrower)
    return client


def test_an_approved_application_per_the_contract(borrower_client: Client) -> None:
    response = borrower_client.post(
        "/api/lending/applications", BODY, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "approved"
    assert body["credit_limit"] == "204000.00"
    assert body["daily_rate"] == "0.015"
    assert body["annual_rate"] == "5.475"
    assert body["line_id"] is not None
    assert any("年化利率(单利)5.475%" in r for r in body["reasons"])
    again = borrower_client.get(f"/api/lending/applications/{body['id']}")
    assert again.json() == body


def test_bad_input_answers_422_with_fields(borrower_client: Client) -> None:
    response = borrower_client.post(
        "/api/lending/applications",
        {**BODY, "id_number": "430202199001010012", "consent": False},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"id_number", "consent"}
    assert error["fields"]["id_number"] == ["请输入有效的18位居民身份证号码。"]


def test_money_as_a_json_number_is_refused(borrower_client: Client) -> None:
    response = borrower_client.post(
        "/api/lending/applications",
        {**BODY, "monthly_income": 12000.5},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_others_applications_are_not_found(borrower_client: Client, people) -> None:  # type: ignore[no-untyped-def]
    created = borrower_client.post(
        "/api/lending/applications", BODY, content_type="application/json"
    ).json()
    other = Client()
    other.force_login(people.other)
    assert other.get(f"/api/lending/applications/{created['id']}").status_code == 404
    assert (
        Client()
        .post("/api/lending/applications", BODY, content_type="application/json")
        .status_code
        == 401
    )
