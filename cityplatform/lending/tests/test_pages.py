"""The customer's pages (four steps, dashboard, draw, repay, statements) and the console."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from cityplatform.lending.models import Application, Draw, Line, RegulatoryCap, Statement
from cityplatform.lending.services.clock import clock_set
from cityplatform.lending.services.close_of_business import close_business_day
from cityplatform.lending.tests.conftest import (
    draw_through_pages,
    make_id_number,
    register_relationship,
    take,
)
from conftest import LILING

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "王小明",
    "id_number": make_id_number(),
    "phone": "13812345678",
    "place_code": "430202000000",
    "segment": "payroll",
    "employer_name": "株洲市荷塘区人民医院",
    "segment_evidence": "6217000123456789",
    "monthly_income": "12000",
    "monthly_debt_payments": "1800",
    "employment_years": "6",
    "consent": "on",
}


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_four_steps_in_pages(people, product) -> None:  # type: ignore[no-untyped-def]
    clock_set(date(2026, 4, 1))
    register_relationship(FORM["id_number"], "payroll", FORM["segment_evidence"])
    client = login(people.borrower)
    assert client.get("/loans/mine/")["Location"] == "/loans/apply/"
    page = client.get("/loans/apply/").content.decode()
    assert "身份证号" in page
    assert "荷塘区" in page

    bad = client.post("/loans/apply/", {**FORM, "id_number": "430202199001010012"})
    assert bad.status_code == 400
    assert "请输入有效的18位居民身份证号码" in bad.content.decode()

    done = client.post("/loans/apply/", FORM)
    application = Application.objects.get()
    assert done["Location"] == f"/loans/applications/{application.pk}/"
    result = client.get(done["Location"]).content.decode()
    assert "已批准" in result
    assert "204,000.00" in result
    assert "年化利率(单利)" in result

    line = Line.objects.get()
    assert client.get("/loans/mine/")["Location"] == f"/loans/lines/{line.pk}/"
    form = client.get(f"/loans/lines/{line.pk}/draw/").content.decode()
    assert "装修" in form
    key = form.split('name="idempotency_key" value="')[1].split('"')[0]
    body = {
        "amount": "10000.00",
        "purpose": "装修",
        "purpose_other": "",
        "term_months": "1",
        "repayment_method": "bullet",
        "idempotency_key": key,
    }
    # The first submission shows the schedule to confirm and lends nothing.
    page, drawn = draw_through_pages(client, line, body)
    for text in ("确认借款", "10,045.00", "2026-05-01"):
        assert text in page
    body["confirmed"] = "1"
    draw = Draw.objects.get()
    assert drawn["Location"] == f"/loans/lines/{line.pk}/draws/{draw.pk}/"
    detail = client.get(drawn["Location"]).content.decode()
    assert "已到账" in detail
    # Submitting the same form twice (a double tap) lends once.
    assert client.post(f"/loans/lines/{line.pk}/draw/", body)["Location"] == drawn["Location"]
    assert Draw.objects.count() == 1

    dashboard = client.get(f"/loans/lines/{line.pk}/").content.decode()
    assert "194,000.00" in dashboard  # available
    assert "10,000.00" in dashboard


def test_refused_draws_say_why_in_chinese(approved_line: Line) -> None:
    client = login(approved_line.borrower)
    response = client.post(
        f"/loans/lines/{approved_line.pk}/draw/",
        {
            "amount": "5000",
            "purpose": "other",
            "purpose_other": "炒股",
            "term_months": "1",
            "repayment_method": "bullet",
            "idempotency_key": "x1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "贷款资金不得用于股票" in page
    assert 'value="x1"' not in page  # the corrected request gets a new key
    assert not Draw.objects.exists()


def test_repay_and_statements(approved_line: Line) -> None:
    take(approved_line, "10000.00")
    close_business_day(until=date(2026, 4, 30))
    client = login(approved_line.borrower)
    page = client.get(f"/loans/lines/{approved_line.pk}/repay/").content.decode()
    assert "10,045.00" in page
    response = client.post(
        f"/loans/lines/{approved_line.pk}/repay/", {"amount": "10045.00", "idempotency_key": "r1"}
    )
    assert response.status_code == 302
    approved_line.refresh_from_db()
    assert approved_line.principal_outstanding == 0
    statements = client.get(f"/loans/lines/{approved_line.pk}/statements/").content.decode()
    assert "2026-04" in statements
    statement_pk = Statement.objects.get().pk
    detail = client.get(f"/loans/lines/{approved_line.pk}/statements/{statement_pk}/")
    assert "45.00" in detail.content.decode()


def test_a_borrower_cannot_open_another_line(approved_line: Line, people) -> None:  # type: ignore[no-untyped-def]
    client = login(people.other)
    for path in ("", "draw/", "repay/", "statements/"):
        assert client.get(f"/loans/lines/{approved_line.pk}/{path}").status_code == 404


def test_calculator_uses_the_borrowers_rate(approved_line: Line) -> None:
    client = login(approved_line.borrower)
    page = client.get(
        "/loans/calculator/",
        {"amount": "10000", "term_months": "1", "method": "bullet", "grade": "A"},
    ).content.decode()
    assert "45.00" in page
    partial = client.get(
        "/loans/calculator/",
        {"amount": "20000", "term_months": "1", "method": "bullet", "grade": "A"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "<html" not in partial
    assert "90.00" in partial


def test_the_console_is_for_officers_only(approved_line: Line, people) -> None:  # type: ignore[no-untyped-def]
    assert login(people.borrower).get("/loans/console/").status_code == 404
    client = login(people.officer)
    for path in ("", "lines/", f"lines/{approved_line.pk}/", "draws/", "overdue/", "product/"):
        response = client.get(f"/loans/console/{path}")
        assert response.status_code == 200, path
    assert "5.475%" in client.get("/loans/console/product/").content.decode()


def test_officers_see_their_jurisdiction_only(approved_line: Line, make_user) -> None:  # type: ignore[no-untyped-def]
    liling = login(make_user("liling_officer", roles=["lending_officer"], place=LILING))
    assert liling.get(f"/loans/console/lines/{approved_line.pk}/").status_code == 404
    assert (
        liling.get(f"/loans/console/applications/{approved_line.application_id}/").status_code
        == 404
    )
    assert "王小明" not in liling.get("/loans/console/?status=approved").content.decode()


def test_an_officer_decides_a_borderline_application(people, product) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.lending.services.applications import application_submit
    from cityplatform.lending.tests.conftest import application_data

    clock_set(date(2026, 4, 1))
    application = application_submit(
        applicant=people.borrower,
        product=product,
        data=application_data(
            id_number=make_id_number(birth="19700101"),
            segment_code="enterprise",
            employer_name="中车株洲电力机车有限公司",
            monthly_income="4000.00",
            monthly_debt_payments="1200.00",
            employment_years=0,
        ),
    )
    client = login(people.officer)
    queue = client.get("/loans/console/").content.decode()
    assert "王小明" in queue
    page = client.get(f"/loans/console/applications/{application.pk}/").content.decode()
    assert "4302**********" in page
    assert make_id_number(birth="19700101") not in page
    refused = client.post(
        f"/loans/console/applications/{application.pk}/", {"decision": "reject", "note": ""}
    )
    assert refused.status_code == 400
    client.post(
        f"/loans/console/applications/{application.pk}/",
        {"decision": "approve", "credit_limit": "12000", "note": ""},
    )
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.line.credit_limit == Decimal("12000.00")


def test_product_settings_in_the_console(product, people) -> None:  # type: ignore[no-untyped-def]
    client = login(people.officer)
    cap = RegulatoryCap.objects.get(kind=RegulatoryCap.Kind.UNSECURED_INTERNET_LIMIT)
    client.post(f"/loans/console/product/caps/{cap.pk}/", {"active": "1"})
    page = client.get("/loans/console/product/").content.decode()
    assert "200000.00" in page  # the violation is shown
    tier = product.tiers.get(grade="A")
    client.post(
        f"/loans/console/product/tiers/{tier.pk}/",
        {
            f"tier{tier.pk}-daily_rate_percent": "0.016",
            f"tier{tier.pk}-min_score": "120",
            f"tier{tier.pk}-income_multiple": "20",
            f"tier{tier.pk}-max_limit": "200000",
        },
    )
    tier.refresh_from_db()
    assert tier.daily_rate == Decimal("0.00016000")
    # Lowering the highest limit to the cap through the form.
    data = {
        "name": "华融闪贷",
        "description": "",
        "is_internet": "on",
        "credit_limit_min": "5000",
        "credit_limit_max": "200000",
        "draw_min": "1000",
        "terms_months": "1, 3, 6, 9, 12",
        "repayment_methods": ["monthly_interest", "equal_instalment", "equal_principal", "bullet"],
        "penalty_multiplier": "1.50",
        "min_age": "18",
        "max_age": "60",
        "min_monthly_income": "3000",
        "max_debt_to_income": "0.50",
        "approve_score": "60",
        "review_band": "10",
        "reapply_after_days": "30",
        "purposes": "装修\n旅游",
    }
    assert client.post("/loans/console/product/", data).status_code == 302
    product.refresh_from_db()
    assert product.credit_limit_max == Decimal("200000.00")
    assert product.purposes == ["装修", "旅游"]
    refused = client.post("/loans/console/product/", {**data, "credit_limit_max": "300000"})
    assert refused.status_code == 400


def test_an_officer_refunds_a_credit_balance_and_closes_the_line(
    approved_line: Line, people
) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.lending.tests.conftest import book_problems, repay

    take(approved_line, "1000.00")
    repay(approved_line, "1200.00")
    client = login(people.officer)
    path = f"/loans/console/lines/{approved_line.pk}/action/"
    client.post(path, {"action": "refund"})
    approved_line.refresh_from_db()
    assert approved_line.credit_balance == 0
    client.post(path, {"action": "close"})
    approved_line.refresh_from_db()
    assert approved_line.status == Line.Status.CLOSED
    assert book_problems() == []
    # Repayments on a closed line are refused, on the page as in the API.
    page = login(approved_line.borrower).post(
        f"/loans/lines/{approved_line.pk}/repay/", {"amount": "10", "idempotency_key": "z"}
    )
    assert page.status_code == 400
    assert "该额度已关闭" in page.content.decode()


def test_repaying_a_closed_line_on_the_page_is_refused_and_moves_nothing(
    approved_line: Line,
) -> None:
    from cityplatform.ledger.models import Entry
    from cityplatform.lending.models import IdempotencyRecord, Repayment
    from cityplatform.lending.services.lines import line_close
    from cityplatform.lending.tests.conftest import book_problems, repay

    take(approved_line, "1000.00")
    repay(approved_line, "1000.00")
    line_close(line=approved_line, actor=approved_line.borrower)
    approved_line.refresh_from_db()
    assert approved_line.status == Line.Status.CLOSED
    repayments, entries = Repayment.objects.count(), Entry.objects.count()
    keys = IdempotencyRecord.objects.count()

    client = login(approved_line.borrower)
    response = client.post(
        f"/loans/lines/{approved_line.pk}/repay/", {"amount": "500.00", "idempotency_key": "c1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "该额度已关闭，无需还款。" in page
    assert 'value="c1"' not in page  # a corrected request would be a new one
    # Nothing moved: no repayment, no posting, no key kept, the line as it was.
    assert Repayment.objects.count() == repayments
    assert Entry.objects.count() == entries
    assert IdempotencyRecord.objects.count() == keys
    closed = Line.objects.get(pk=approved_line.pk)
    assert (closed.principal_outstanding, closed.credit_balance) == (0, 0)
    assert closed.status == Line.Status.CLOSED
    assert book_problems() == []


def test_the_console_lists_draws_in_flight_and_overdue_draws(approved_line: Line, people) -> None:  # type: ignore[no-untyped-def]
    client = login(people.officer)
    stuck = take(approved_line, "3000.00", pay=False)
    in_flight = client.get("/loans/console/draws/").content.decode()
    assert "3,000.00" in in_flight
    assert f'/loans/console/draws/{stuck.pk}/resume/"' in in_flight
    client.post(f"/loans/console/draws/{stuck.pk}/resume/")
    stuck.refresh_from_db()
    assert stuck.status == Draw.Status.DISBURSED
    assert "暂无在途放款" in client.get("/loans/console/draws/").content.decode()

    assert "overdue-row" not in client.get("/loans/console/overdue/").content.decode()
    close_business_day(until=date(2026, 5, 1))  # its due date passes unpaid
    overdue = client.get("/loans/console/overdue/?stage=1").content.decode()
    assert overdue.count("overdue-row") == 1
    assert "3,000.00" in overdue
    assert "overdue-row" not in client.get("/loans/console/overdue/?stage=2").content.decode()
