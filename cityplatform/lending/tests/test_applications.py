"""Step 2 and 3: the application, the rules, the scorecard, the officer's queue."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.lending.identity import id_number_index
from cityplatform.lending.models import Application, BlacklistEntry, Decision, Line
from cityplatform.lending.services.applications import application_submit
from cityplatform.lending.services.clock import clock_set
from cityplatform.lending.services.reviews import application_review
from cityplatform.lending.tests.conftest import application_data, make_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _business_date(product) -> None:  # type: ignore[no-untyped-def]
    clock_set(date(2026, 4, 1))


def submit(people, product, **overrides):  # type: ignore[no-untyped-def]
    return application_submit(
        applicant=overrides.pop("applicant", people.borrower),
        product=product,
        data=application_data(**overrides),
    )


def test_a_payroll_customer_is_approved_with_reasons_and_a_line(people, product) -> None:  # type: ignore[no-untyped-def]
    application = submit(people, product)
    assert application.status == "approved"
    decision = application.decisions.get()
    # 40 (payroll) + 20 (age 36) + 30 (12,000 a month) + 20 (15 % debt) + 20 (6 years)
    assert decision.score == 130
    assert decision.grade == "A"
    assert decision.daily_rate == Decimal("0.00015000")
    # 12,000 × 20 × (1 − 0.15) = 204,000
    assert decision.credit_limit == Decimal("204000.00")
    assert decision.kind == Decision.Kind.AUTOMATIC
    assert any("本行代发工资客户" in r and "40" in r for r in decision.reasons)
    assert any("年化利率(单利)5.475%" in r for r in decision.reasons)
    assert decision.inputs["age"] == 36
    assert decision.inputs["policy"]["approve_score"] == 60
    assert [r["code"] for r in decision.rules] == [
        "age",
        "segment",
        "income",
        "debt_to_income",
        "blacklist",
        "duplicate",
    ]
    line = application.line
    assert line.credit_limit == Decimal("204000.00")
    assert line.available == Decimal("204000.00")
    assert line.penalty_rate == Decimal("0.00022500")
    assert line.principal_account.code == f"lending.line.{line.pk}.principal"
    assert line.opened_on == date(2026, 4, 1)


def test_the_id_number_is_encrypted_at_rest(people, product) -> None:  # type: ignore[no-untyped-def]
    application = submit(people, product)
    number = make_id_number()
    assert application.id_number == number
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, segment_evidence FROM lending_application WHERE id = %s",
            [application.pk],
        )
        raw_id, raw_evidence = cursor.fetchone()
    assert number not in raw_id
    assert "6789" not in raw_evidence
    assert application.id_number_index == id_number_index(number)
    assert number not in str(application.decisions.get().inputs)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "430202199001010012"}, "id_number"),  # wrong check digit
        ({"id_number": "43020219901301001X"}, "id_number"),  # month 13
        ({"id_number": make_id_number(region="990000")}, "id_number"),  # no such region
        ({"id_number": make_id_number(birth="20990101")}, "id_number"),  # not born yet
        ({"consent": False}, "consent"),
        ({"segment_code": "students"}, "segment"),
        ({"monthly_income": "12000.005"}, "monthly_income"),
        ({"monthly_income": "-5"}, "monthly_income"),
        ({"monthly_debt_payments": "abc"}, "monthly_debt_payments"),
        ({"place_code": "110101000000"}, "place_code"),
        ({"phone": "123"}, "phone"),
        ({"employment_years": "many"}, "employment_years"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(people, product, overrides, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        submit(people, product, register=False, **overrides)
    assert exc.value.status == 422
    assert field in exc.value.details["fields"]
    assert Application.objects.count() == 0


def test_ineligible_segment_message_lists_the_groups(people, product) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        submit(people, product, segment_code="students", register=False)
    assert "本行代发工资客户" in exc.value.details["fields"]["segment"][0]


@pytest.mark.parametrize(
    ("overrides", "rule", "words"),
    [
        ({"id_number": make_id_number(birth="20100101")}, "age", "年龄"),
        ({"id_number": make_id_number(birth="19500101")}, "age", "年龄"),
        ({"monthly_income": "2500.00", "monthly_debt_payments": "0"}, "income", "月收入"),
        ({"monthly_debt_payments": "7000.00"}, "debt_to_income", "58.3%"),
        (
            {"segment_code": "enterprise", "employer_name": "某某小作坊", "register": False},
            "segment",
            "名单",
        ),
        ({"register": False}, "segment", "代发工资账号"),
    ],
)
def test_rules_reject_with_a_reason(people, product, overrides, rule, words) -> None:  # type: ignore[no-untyped-def]
    application = submit(people, product, **overrides)
    assert application.status == "rejected"
    decision = application.decisions.get()
    failed = [r for r in decision.rules if not r["passed"]]
    assert [r["code"] for r in failed] == [rule]
    assert any(words in r for r in decision.reasons)
    assert not Line.objects.exists()


def test_blacklisted_applicants_are_declined_discreetly(people, product) -> None:  # type: ignore[no-untyped-def]
    BlacklistEntry.objects.create(id_number_index=id_number_index(make_id_number()), reason="fraud")
    application = submit(people, product)
    assert application.status == "rejected"
    assert application.decisions.get().reasons == ["未通过本行风险核查。"]


def test_duplicates_are_declined(people, product) -> None:  # type: ignore[no-untyped-def]
    submit(people, product)
    again = submit(people, product, applicant=people.other)
    assert again.status == "rejected"
    assert "已持有本产品的有效额度" in again.decisions.get().reasons[0]
    assert Line.objects.count() == 1


def test_a_recent_rejection_bars_a_new_application_for_30_days(people, product) -> None:  # type: ignore[no-untyped-def]
    submit(people, product, monthly_debt_payments="9000.00")
    again = submit(people, product)
    assert again.status == "rejected"
    assert "2026-05-01" in again.decisions.get().reasons[0]
    clock_set(date(2026, 5, 1))
    assert submit(people, product).status == "approved"


def test_enterprise_employee_on_the_list(people, product) -> None:  # type: ignore[no-untyped-def]
    application = submit(
        people,
        product,
        segment_code="enterprise",
        employer_name="中车株洲电力机车有限公司",
        segment_evidence="E12345",
        monthly_income="8000.00",
        monthly_debt_payments="2400.00",
        employment_years=1,
    )
    # 30 + 20 + 20 + 10 (30 %) + 5 = 85: grade C, 8,000 × 10 × 0.7 = 56,000
    decision = application.decisions.get()
    assert (application.status, decision.score, decision.grade) == ("approved", 85, "C")
    assert decision.credit_limit == Decimal("56000.00")


def borderline(people, product):  # type: ignore[no-untyped-def]
    # 30 (enterprise) + 5 (age 55) + 10 (4,000) + 10 (30 %) + 0 = 55: between 50 and 60.
    return submit(
        people,
        product,
        id_number=make_id_number(birth="19700101"),
        segment_code="enterprise",
        employer_name="中车株洲电力机车有限公司",
        segment_evidence="E1",
        monthly_income="4000.00",
        monthly_debt_payments="1200.00",
        employment_years=0,
    )


def test_borderline_goes_to_an_officer_who_approves(people, product) -> None:  # type: ignore[no-untyped-def]
    application = borderline(people, product)
    assert application.status == "review"
    automatic = application.decisions.get()
    assert automatic.score == 55
    assert automatic.grade == "D"
    # 4,000 × 6 × 0.7 = 16,800 → 16,000
    assert automatic.credit_limit == Decimal("16000.00")
    assert not Line.objects.exists()
    # A second application while this one waits is a duplicate.
    assert borderline(people, product).status == "rejected"

    with pytest.raises(DomainError) as exc:
        application_review(
            application=application,
            officer=people.officer,
            approve=True,
            note="",
            credit_limit="60000",
        )
    assert exc.value.code == "invalid_limit"
    decision = application_review(
        application=application, officer=people.officer, approve=True, note="", credit_limit="10000"
    )
    application.refresh_from_db()
    assert application.status == "approved"
    assert decision.kind == Decision.Kind.OFFICER
    assert decision.decided_by == people.officer
    assert application.line.credit_limit == Decimal("10000.00")
    assert "信贷员" in decision.reasons[-1]
    with pytest.raises(DomainError) as exc:
        application_review(application=application, officer=people.officer, approve=False, note="x")
    assert exc.value.code == "not_in_review"


def test_an_officer_rejection_needs_a_note(people, product) -> None:  # type: ignore[no-untyped-def]
    application = borderline(people, product)
    with pytest.raises(DomainError) as exc:
        application_review(application=application, officer=people.officer, approve=False, note=" ")
    assert exc.value.code == "note_required"
    application_review(
        application=application, officer=people.officer, approve=False, note="收入证明不足"
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.decisions.last().reasons == ["信贷员审核未通过：收入证明不足"]


def test_a_score_well_below_the_line_is_rejected(people, product) -> None:  # type: ignore[no-untyped-def]
    # 30 + 5 + 10 + 0 (45 %) + 0 = 45 < 50
    application = submit(
        people,
        product,
        id_number=make_id_number(birth="19700101"),
        segment_code="enterprise",
        employer_name="中车株洲电力机车有限公司",
        monthly_income="4000.00",
        monthly_debt_payments="1800.00",
        employment_years=0,
        register=False,
    )
    assert application.status == "rejected"
    assert application.decisions.get().score == 45
