"""The ad's product (华融闪贷) and people around it, for lending's tests.

`product` is the seed page's product: lines up to 500,000, draws from 1,000, the best
grade at 0.015 %/day; open to the four segments of the ad; the two 2020 caps exist
but are off (the ad predates them). `officer` works the console for all of 株洲.
"""

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from cityplatform.lending.models import (
    Organisation,
    Product,
    ProhibitedPurpose,
    RateTier,
    RegulatoryCap,
    Segment,
)
from conftest import ZHUZHOU

TIERS = [
    ("A", "0.00015000", 120, "20", "500000"),
    ("B", "0.00020000", 100, "15", "300000"),
    ("C", "0.00030000", 80, "10", "150000"),
    ("D", "0.00045000", 60, "6", "50000"),
]


def build_product(**overrides: Any) -> Product:
    values: dict[str, Any] = {
        "code": "huarong-shandai",
        "name": "华融闪贷",
        "bank_name": "华融湘江银行",
        "status": Product.Status.ACTIVE,
        "credit_limit_min": Decimal("5000.00"),
        "credit_limit_max": Decimal("500000.00"),
        "draw_min": Decimal("1000.00"),
        "terms_months": [1, 3, 6, 9, 12],
        "repayment_methods": ["monthly_interest", "equal_instalment", "equal_principal", "bullet"],
        "penalty_multiplier": Decimal("1.50"),
        "min_monthly_income": Decimal("3000.00"),
        "max_debt_to_income": Decimal("0.50"),
        "approve_score": 60,
        "review_band": 10,
        "purposes": ["装修", "旅游", "教育", "医疗", "购车", "日常消费"],
    }
    values.update(overrides)
    product = Product.objects.create(**values)
    for grade, rate, score, multiple, cap in TIERS:
        RateTier.objects.create(
            product=product,
            grade=grade,
            daily_rate=Decimal(rate),
            min_score=score,
            income_multiple=Decimal(multiple),
            max_limit=Decimal(cap),
        )
    segments = [
        ("payroll", "本行代发工资客户", Segment.Verification.RELATIONSHIP, "代发工资账号", 40),
        ("mortgage", "本行房贷客户", Segment.Verification.RELATIONSHIP, "房贷合同编号", 35),
        ("public", "省内行政事业单位员工", Segment.Verification.EMPLOYER_LIST, "工作证号", 45),
        ("enterprise", "知名企业员工", Segment.Verification.EMPLOYER_LIST, "工号", 30),
    ]
    for order, (code, name, verification, evidence, points) in enumerate(segments):
        segment, _created = Segment.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "verification": verification,
                "evidence_label": evidence,
                "score_points": points,
                "order": order,
            },
        )
        product.segments.add(segment)
    public = Segment.objects.get(code="public")
    enterprise = Segment.objects.get(code="enterprise")
    Organisation.objects.get_or_create(segment=public, name="株洲市第一中学")
    Organisation.objects.get_or_create(segment=public, name="醴陵市民政局")
    Organisation.objects.get_or_create(segment=enterprise, name="中车株洲电力机车有限公司")
    for name, keywords in [
        ("股票", "炒股、证券、股市"),
        ("期货", ""),
        ("金融衍生品交易", "衍生品、期权"),
        ("股本权益性投资", "股权投资、入股"),
        ("购置房地产", "买房、购房、首付、房款"),
    ]:
        purpose, _created = ProhibitedPurpose.objects.get_or_create(
            name=name, defaults={"keywords": keywords}
        )
        product.prohibited_purposes.add(purpose)
    RegulatoryCap.objects.get_or_create(
        kind=RegulatoryCap.Kind.UNSECURED_INTERNET_LIMIT,
        defaults={"name": "互联网贷款单户授信上限", "value": Decimal("200000")},
    )
    RegulatoryCap.objects.get_or_create(
        kind=RegulatoryCap.Kind.BULLET_TERM_MONTHS,
        defaults={"name": "到期一次还本付息贷款期限上限", "value": Decimal("12")},
    )
    return product


@pytest.fixture
def product(places: None) -> Product:
    return build_product()


@pytest.fixture
def officer(make_user: Any) -> Any:
    return make_user("xindai", roles=["lending_officer"], place=ZHUZHOU)


@pytest.fixture
def people(make_user: Any, officer: Any) -> SimpleNamespace:
    return SimpleNamespace(
        officer=officer,
        borrower=make_user("jiekuan"),
        other=make_user("other"),
    )


def make_id_number(region: str = "430202", birth: str = "19900101", seq: str = "001") -> str:
    """A valid resident ID number (check digit computed) for a birth date and region."""
    from stdnum.cn import ric

    body = f"{region}{birth}{seq}"
    return body + ric.calc_check_digit(body + "0")


def register_relationship(id_number: str, segment_code: str, reference: str) -> None:
    from cityplatform.lending.identity import id_number_index, reference_index
    from cityplatform.lending.models import BankRelationship

    BankRelationship.objects.get_or_create(
        segment=Segment.objects.get(code=segment_code),
        id_number_index=id_number_index(id_number),
        reference_index=reference_index(reference),
    )


def application_data(**overrides: Any) -> Any:
    """A payroll customer of 荷塘区 aged about 36 (with the relationship registered)."""
    from cityplatform.lending.services.applications import ApplicationInput

    values: dict[str, Any] = {
        "full_name": "王小明",
        "id_number": make_id_number(),
        "phone": "13812345678",
        "place_code": "430202000000",
        "employer_name": "株洲市荷塘区人民医院",
        "segment_code": "payroll",
        "segment_evidence": "6217 0001 2345 6789",
        "monthly_income": "12000.00",
        "monthly_debt_payments": "1800.00",
        "employment_years": 6,
        "consent": True,
    }
    values.update(overrides)
    if values["segment_code"] in ("payroll", "mortgage") and overrides.get("register", True):
        register_relationship(
            values["id_number"], values["segment_code"], values["segment_evidence"]
        )
    values.pop("register", None)
    return ApplicationInput(**values)


@pytest.fixture
def approved_line(product: Product, people: SimpleNamespace) -> Any:
    """The borrower's line, opened by an approved application (clock at 2026-04-01)."""
    from datetime import date

    from cityplatform.lending.services.applications import application_submit
    from cityplatform.lending.services.clock import clock_set

    clock_set(date(2026, 4, 1))
    application = application_submit(
        applicant=people.borrower, product=product, data=application_data()
    )
    assert application.status == "approved", application.decisions.first().reasons
    return application.line


@pytest.fixture(autouse=True)
def _instant_rail() -> Any:
    """A simulated payment rail with no delays and no faults, unless a test swaps it."""
    from cityplatform.lending.rail import SimulatedRail, use

    with use(SimulatedRail()) as rail:
        yield rail


def take(line: Any, amount: str, *, key: str | None = None, pay: bool = True, **kwargs: Any) -> Any:
    """Draw on the line and pay it out (as the API does); returns the draw. With
    pay=False it is left disbursing, as when the process died before paying it."""
    import uuid

    from cityplatform.lending.services.disbursement import draw_disburse
    from cityplatform.lending.services.draws import draw_request

    values: dict[str, Any] = {
        "purpose": "装修",
        "term_months": 1,
        "repayment_method": "bullet",
    }
    values.update(kwargs)
    result = draw_request(
        line=line,
        actor=line.borrower,
        amount=amount,
        idempotency_key=key or uuid.uuid4().hex,
        fingerprint=uuid.uuid4().hex,
        **values,
    )
    assert result.draw is not None
    return draw_disburse(draw_id=result.draw.pk) if pay else result.draw


def repay(line: Any, amount: str, *, key: str | None = None) -> Any:
    import uuid

    from cityplatform.lending.services.repayments import repayment_make

    result = repayment_make(
        line=line,
        actor=line.borrower,
        amount=amount,
        idempotency_key=key or uuid.uuid4().hex,
        fingerprint=uuid.uuid4().hex,
    )
    return result.repayment


def balance(code: str) -> Decimal:
    from cityplatform.ledger.models import Account
    from cityplatform.ledger.selectors import balance as ledger_balance

    account = Account.objects.filter(code=code).first()
    return ledger_balance(account) if account else Decimal("0.00")


def book_problems() -> list[tuple[str, str]]:
    from cityplatform.ledger.checks import problems

    return list(problems())


def draw_through_pages(client: Any, line: Any, body: dict[str, str]) -> tuple[str, Any]:
    """Submit the draw form (shows the schedule, lends nothing), then confirm it;
    returns the confirmation page and the answer to the confirmed form."""
    from cityplatform.lending.models import Draw

    path = f"/loans/lines/{line.pk}/draw/"
    before = Draw.objects.count()
    confirmation = client.post(path, body)
    assert confirmation.status_code == 200
    assert Draw.objects.count() == before
    return confirmation.content.decode(), client.post(path, {**body, "confirmed": "1"})
