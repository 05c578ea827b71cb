"""The demo bank: 华融闪贷 as the seed page advertises it, and customers with history.

The product has the ad's parameters (lines up to 500,000, draws from 1,000, the best
grade at 0.015 %/day = 1.5 yuan per 10,000 a day), the ad's four customer groups with
their lists, and the ad's prohibited purposes; the two 2020 caps exist but are off (the
ad predates them). One customer of each group has a line opened 100 days ago and a
history made by the real services and a real close of business every day since:
draws, repayments on time, a draw repaid after exactly 30 days (45.00 on 10,000), one
customer overdue, monthly statements. One more application waits for an officer.
Running it again adds nothing.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.lending.identity import id_number_index, reference_index
from cityplatform.lending.models import (
    BankRelationship,
    Draw,
    Instalment,
    Line,
    Organisation,
    Product,
    ProhibitedPurpose,
    RateTier,
    RegulatoryCap,
    Segment,
)
from cityplatform.lending.rates import add_months
from cityplatform.lending.services.applications import ApplicationInput, application_submit
from cityplatform.lending.services.clock import business_date_today, clock_set
from cityplatform.lending.services.close_of_business import close_business_day
from cityplatform.lending.services.disbursement import draw_disburse
from cityplatform.lending.services.draws import draw_request
from cityplatform.lending.services.repayments import repayment_make
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

HISTORY_DAYS = 100

LOGINS = [
    ("jiekuan", "华融闪贷借款人 (本行代发工资客户, 有额度和借还款记录)"),
    ("xindai", "华融闪贷信贷员 (信贷工作台 /loans/console/)"),
    (
        "shenqing",
        "华融闪贷新客户 (可申请: 身份证 430203199203150027, 代发工资账号 6217000088886666)",
    ),
]

TIERS = [
    ("A", "0.00015000", 120, "20", "500000"),
    ("B", "0.00020000", 100, "15", "300000"),
    ("C", "0.00030000", 80, "10", "150000"),
    ("D", "0.00045000", 60, "6", "50000"),
]

SEGMENTS = [
    ("payroll", "本行代发工资客户", Segment.Verification.RELATIONSHIP, "代发工资账号", 40),
    ("mortgage", "本行房贷客户", Segment.Verification.RELATIONSHIP, "房贷合同编号", 35),
    ("public", "省内行政事业单位员工", Segment.Verification.EMPLOYER_LIST, "工作证号", 45),
    ("enterprise", "知名企业员工", Segment.Verification.EMPLOYER_LIST, "工号", 30),
]

ORGANISATIONS = {
    "public": [
        "株洲市人民政府办公室",
        "株洲市第一中学",
        "株洲市中心医院",
        "醴陵市民政局",
        "株洲市天元区人民法院",
    ],
    "enterprise": [
        "中车株洲电力机车有限公司",
        "中国航发南方工业有限公司",
        "株洲冶炼集团股份有限公司",
        "株洲千金药业股份有限公司",
    ],
}

PROHIBITED = [
    ("股票", "炒股、证券、股市、打新"),
    ("期货", "期货交易"),
    ("金融衍生品交易", "衍生品、期权、外汇保证金"),
    ("股本权益性投资", "股权投资、入股、增资"),
    ("购置房地产", "买房、购房、首付、房款、购置房产"),
]

# (username, display name, full name, place, segment, id number, evidence, employer,
#  monthly income, monthly debt payments, years with the employer)
CUSTOMERS = [
    ("jiekuan", "借款人王先生", "王建华", "430202000000", "payroll", "430202198505150013", "6217000012345678", "株洲市荷塘区人民医院", "15000", "1500", 8),
    ("fangdai", "房贷客户李女士", "李秀英", "430211000000", "mortgage", "43021119880312002X", "HRXB-ZZ-2019-00876", "株洲市建筑设计院", "11000", "3200", 5),
    ("shiye", "事业单位刘老师", "刘芳", "430203000000", "public", "430203199007200023", "ZZYZ-0457", "株洲市第一中学", "9000", "900", 6),
    ("qiye", "中车员工陈师傅", "陈志强", "430204000000", "enterprise", "430204198911110036", "CRRC-10086", "中车株洲电力机车有限公司", "8000", "1600", 3),
]  # fmt: skip

NEWCOMER = ("shenqing", "新客户周女士", "430203199203150027", "6217000088886666")
BORDERLINE = ("xiaoli", "申请人赵先生", "430221197203080018", "E-2231")


def _product(out: TextIO) -> Product:
    product = Product.objects.create(
        code="huarong-shandai",
        name="华融闪贷",
        bank_name="华融湘江银行",
        description=(
            "华融湘江银行推出的互联网消费贷款产品，面向本行代发工资客户、本行房贷客户、"
            "省内行政事业单位及知名企业员工客户开放。无抵押，循环使用，随借随还，按日计息。"
        ),
        status=Product.Status.DRAFT,
        credit_limit_min=Decimal("5000.00"),
        credit_limit_max=Decimal("500000.00"),
        draw_min=Decimal("1000.00"),
        terms_months=[1, 3, 6, 9, 12],
        repayment_methods=["monthly_interest", "equal_instalment", "equal_principal", "bullet"],
        penalty_multiplier=Decimal("1.50"),
        min_monthly_income=Decimal("3000.00"),
        max_debt_to_income=Decimal("0.50"),
        approve_score=60,
        review_band=10,
        purposes=["装修", "旅游", "教育", "医疗", "购车", "购买家电", "婚庆", "日常消费"],
    )
    for grade, rate, score, multiple, cap in TIERS:
        RateTier.objects.create(
            product=product,
            grade=grade,
            daily_rate=Decimal(rate),
            min_score=score,
            income_multiple=Decimal(multiple),
            max_limit=Decimal(cap),
        )
    for order, (code, name, verification, evidence, points) in enumerate(SEGMENTS):
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
        for org in ORGANISATIONS.get(code, []):
            Organisation.objects.get_or_create(segment=segment, name=org)
    for name, keywords in PROHIBITED:
        purpose, _created = ProhibitedPurpose.objects.get_or_create(
            name=name, defaults={"keywords": keywords}
        )
        product.prohibited_purposes.add(purpose)
    RegulatoryCap.objects.get_or_create(
        kind=RegulatoryCap.Kind.UNSECURED_INTERNET_LIMIT,
        defaults={
            "name": "互联网贷款单户授信上限",
            "source": "《商业银行互联网贷款管理暂行办法》(2020)",
            "value": Decimal("200000"),
        },
    )
    RegulatoryCap.objects.get_or_create(
        kind=RegulatoryCap.Kind.BULLET_TERM_MONTHS,
        defaults={
            "name": "到期一次还本付息贷款期限上限",
            "source": "《商业银行互联网贷款管理暂行办法》(2020)",
            "value": Decimal("12"),
        },
    )
    # Activated as an officer would (the caps are off: the ad's 500,000 passes).
    from cityplatform.lending.services.products import product_activate

    product = product_activate(product=product, actor=None)
    out.write("  lending: 华融闪贷 with 4 rate tiers, 4 customer groups, 5 prohibited purposes\n")
    return product


def _relationship(segment_code: str, id_number: str, reference: str) -> None:
    BankRelationship.objects.get_or_create(
        segment=Segment.objects.get(code=segment_code),
        id_number_index=id_number_index(id_number),
        reference_index=reference_index(reference),
    )


def _apply(user: Any, product: Product, **values: Any) -> Any:
    data = {
        "phone": "13973300000",
        "place_code": "430202000000",
        "monthly_debt_payments": "0",
        "consent": True,
        **values,
    }
    return application_submit(applicant=user, product=product, data=ApplicationInput(**data))


def _draw(line: Line, amount: str, purpose: str, term: int, method: str) -> None:
    result = draw_request(
        line=line,
        actor=line.borrower,
        amount=amount,
        purpose=purpose,
        term_months=term,
        repayment_method=method,
        idempotency_key=f"demo-{uuid.uuid4().hex}",
        fingerprint=uuid.uuid4().hex,
    )
    assert result.draw is not None
    draw_disburse(draw_id=result.draw.pk)


def _repay(line: Line, amount: Decimal) -> None:
    repayment_make(
        line=line,
        actor=line.borrower,
        amount=amount,
        idempotency_key=f"demo-{uuid.uuid4().hex}",
        fingerprint=uuid.uuid4().hex,
    )


def _owed_now(line: Line, *, principal: Decimal = Decimal(0)) -> Decimal:
    """Penalty, all interest accrued and overdue principal, plus `principal` more."""
    owed = sum(
        (
            d.penalty_outstanding + d.interest_outstanding + d.principal_overdue
            for d in Draw.objects.filter(line=line, status=Draw.Status.DISBURSED)
        ),
        Decimal(0),
    )
    return owed + principal


def _pay_what_falls_due(line: Line, day: date) -> None:
    """On a due date: the instalments' principal, all interest so far, anything overdue."""
    principal = sum(
        Instalment.objects.filter(
            draw__line=line, due_date=day, status=Instalment.Status.SCHEDULED
        ).values_list("principal", flat=True),
        Decimal(0),
    )
    owed = _owed_now(line, principal=principal)
    if owed > 0:
        _repay(line, owed)


def _until(day: date) -> None:
    if business_date_today() <= day:
        close_business_day(until=day)


def load(out: TextIO) -> None:
    zhuzhou = Place.objects.get(code=ZHUZHOU)
    user_ensure(
        username="xindai",
        password=DEMO_PASSWORD,
        display_name="信贷员孙经理",
        jurisdiction=zhuzhou,
        roles=["lending_officer"],
    )
    users = {
        row[0]: user_ensure(username=row[0], password=DEMO_PASSWORD, display_name=row[1])
        for row in CUSTOMERS
    }
    for username, name, *_rest in (NEWCOMER, BORDERLINE):
        users[username] = user_ensure(username=username, password=DEMO_PASSWORD, display_name=name)
    if Product.objects.filter(code="huarong-shandai").exists():
        return
    product = _product(out)
    _relationship("payroll", NEWCOMER[2], NEWCOMER[3])

    today = timezone.localdate()
    start = today - timedelta(days=HISTORY_DAYS)
    clock_set(start)
    lines: dict[str, Line] = {}
    for row in CUSTOMERS:
        username, _display, full_name, place, segment, number, evidence = row[:7]
        employer, income, debts, years = row[7:]
        if segment in ("payroll", "mortgage"):
            _relationship(segment, number, evidence)
        application = _apply(
            users[username],
            product,
            full_name=full_name,
            place_code=place,
            id_number=number,
            employer_name=employer,
            segment_code=segment,
            segment_evidence=evidence,
            monthly_income=income,
            monthly_debt_payments=debts,
            employment_years=years,
        )
        lines[username] = application.line

    _draw(lines["jiekuan"], "30000.00", "装修", 3, "equal_instalment")
    _draw(lines["fangdai"], "100000.00", "购车", 6, "monthly_interest")
    _draw(lines["shiye"], "10000.00", "旅游", 3, "bullet")
    _draw(lines["qiye"], "20000.00", "购买家电", 1, "bullet")

    # 30 days later the teacher repays early: 10,000 and exactly 45.00 of interest.
    _until(start + timedelta(days=29))
    _repay(lines["shiye"], Decimal("10045.00"))
    # Each month on the due date everyone but 陈师傅 pays what falls due.
    for month in (1, 2, 3):
        due = add_months(start, month)
        if due >= today:
            break
        _until(due - timedelta(days=1))
        for username in ("jiekuan", "fangdai", "shiye"):
            _pay_what_falls_due(lines[username], due)
        if month == 2:
            _draw(lines["shiye"], "5000.00", "教育", 3, "equal_principal")
    _until(today - timedelta(days=1))
    # 陈师傅 never repaid his one-month draw: overdue since its due date, with notices.

    _apply(
        users["xiaoli"],
        product,
        full_name="赵建国",
        id_number=BORDERLINE[2],
        place_code="430281000000",
        employer_name="中车株洲电力机车有限公司",
        segment_code="enterprise",
        segment_evidence=BORDERLINE[3],
        monthly_income="4000",
        monthly_debt_payments="1200",
        employment_years=0,
    )
    out.write(
        f"  lending: {len(lines)} customers with lines and {HISTORY_DAYS} days of history; "
        f"business date {business_date_today().isoformat()}\n"
    )
