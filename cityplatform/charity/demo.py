"""The 醴陵 epidemic scenario (2020-01-25 to 2020-03-18), built from donation records.

醴陵市慈善会 and 醴陵市红十字会 receive gifts of money and goods; the campaign's page
then shows, computed from those records, what the seed article reports: received
2,695,600.00 yuan in money and goods (269.56万元), of which directed 634,100.00
(63.41万元), with the named gifts (醴陵农商银行 50万, 醴陵沃湘房地产开发有限公司 100万,
湖南金龙百货公司党支部 1.22万, 石亭镇姑仙村村民 2.1万, 醴陵市防水协会负责人 1万) among them;
and some disbursements, approved by a second staff member. No total is stored.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.utils import timezone

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.charity.models import Campaign, Designation, Organisation
from cityplatform.charity.services import (
    DonationInput,
    ImportedDisbursement,
    LineInput,
    disbursements_import,
    donations_import,
)
from cityplatform.places.models import Place

LILING = "430281000000"
LAILONGMEN = "430281002000"
SHITING = "430281108000"
START, END = date(2020, 1, 25), date(2020, 3, 18)
CAMPAIGN = "抗击新冠肺炎疫情"

LOGINS = [
    ("cishan_clerk", "醴陵市慈善会 经办人 (录入捐赠、提出拨付; 慈善工作台 /charity/console/)"),
    ("cishan_reviewer", "醴陵市慈善会 复核人 (审批拨付、发布公示、更正)"),
    ("charity_admin", "慈善管理员 (后台维护机构、募捐活动、定向用途)"),
]

CS, HS = "醴陵市慈善会", "醴陵市红十字会"
HOSPITAL, SHITING_DUTY, LAILONGMEN_DUTY = "hospital", "shiting", "lailongmen"

# (org, day, donor kind, name, amount, designation key, goods: (item, quantity, unit))
NAMED: list[tuple[str, date, str, str, str, str | None, tuple[str, str, str] | None]] = [
    (CS, date(2020, 1, 30), "enterprise", "醴陵农商银行", "500000.00", None, None),
    (CS, date(2020, 2, 1), "enterprise", "醴陵沃湘房地产开发有限公司", "1000000.00", None, None),
    (CS, date(2020, 2, 3), "collective", "湖南金龙百货公司党支部", "12200.00", None, None),
    (CS, date(2020, 2, 5), "collective", "石亭镇姑仙村村民", "21000.00", None, None),
    (CS, date(2020, 2, 6), "individual", "醴陵市防水协会负责人", "10000.00", None, None),
    # Directed money.
    (CS, date(2020, 1, 31), "enterprise", "醴陵市华联瓷业有限公司", "200000.00", HOSPITAL, None),
    (HS, date(2020, 2, 2), "enterprise", "醴陵市浦口花炮有限公司", "150000.00", HOSPITAL, None),
    (CS, date(2020, 2, 8), "collective", "石亭镇商会", "80000.00", SHITING_DUTY, None),
    (
        CS,
        date(2020, 2, 10),
        "enterprise",
        "醴陵市瓷城置业有限公司",
        "100000.00",
        LAILONGMEN_DUTY,
        None,
    ),
    # Goods, at their valuation.
    (
        HS,
        date(2020, 2, 4),
        "enterprise",
        "株洲市某医疗器械有限公司",
        "40000.00",
        HOSPITAL,
        ("医用口罩", "20000", "只"),
    ),
    (
        HS,
        date(2020, 2, 12),
        "enterprise",
        "湖南某防护用品有限公司",
        "60000.00",
        HOSPITAL,
        ("防护服", "500", "套"),
    ),
    (
        CS,
        date(2020, 2, 7),
        "enterprise",
        "醴陵市某日化有限公司",
        "12000.00",
        None,
        ("84消毒液", "200", "箱"),
    ),
    (
        HS,
        date(2020, 2, 14),
        "enterprise",
        "醴陵市某食品有限公司",
        "15000.00",
        None,
        ("方便面", "300", "箱"),
    ),
    # Other undirected gifts.
    (CS, date(2020, 2, 9), "enterprise", "醴陵市华鑫陶瓷有限公司", "100000.00", None, None),
    (HS, date(2020, 2, 11), "enterprise", "醴陵市瓷谷建设有限公司", "80000.00", None, None),
    (CS, date(2020, 2, 13), "enterprise", "醴陵市某医药连锁有限公司", "50000.00", None, None),
    (HS, date(2020, 2, 16), "collective", "醴陵市第一中学全体教职工", "36800.00", None, None),
]

# The rest came from many people: (directed to 石亭镇) 4,100 and (undirected) 224,500.
SURNAMES = "张王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "平",
    "刚",
]
SMALL_AMOUNTS = [
    Decimal(a) for a in ("500", "1000", "200", "2000", "300", "1500", "800", "100", "5000", "600")
]


def _small_gifts(total: Decimal, start: int) -> list[tuple[str, Decimal, int]]:
    """(name, amount, index) summing exactly to `total`."""
    gifts, left, index = [], total, start
    while left > 0:
        amount = min(SMALL_AMOUNTS[index % len(SMALL_AMOUNTS)], left)
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]
        gifts.append((name, amount, index))
        left -= amount
        index += 1
    return gifts


def _setup() -> tuple[Campaign, dict[str, Organisation], dict[str, Designation]]:
    liling = Place.objects.get(code=LILING)
    orgs = {
        CS: Organisation.objects.get_or_create(
            name=CS, defaults={"receipt_prefix": "LLCSH", "place": liling}
        )[0],
        HS: Organisation.objects.get_or_create(
            name=HS, defaults={"receipt_prefix": "LLHSH", "place": liling}
        )[0],
    }
    campaign, _created = Campaign.objects.get_or_create(
        name=CAMPAIGN,
        start_date=START,
        defaults={
            "end_date": END,
            "is_emergency": True,
            "place": liling,
            "description": "1月30日，醴陵市慈善会联合醴陵市红十字会发出倡议书，号召社会各界奉献爱心，支持疫情防控。",
        },
    )
    campaign.organisations.set(orgs.values())
    designations = {
        HOSPITAL: Designation.objects.get_or_create(
            campaign=campaign, purpose="醴陵市人民医院防疫物资", recipient="醴陵市人民医院"
        )[0],
        SHITING_DUTY: Designation.objects.get_or_create(
            campaign=campaign,
            purpose="石亭镇疫情防控",
            recipient="石亭镇人民政府",
            defaults={"place": Place.objects.get(code=SHITING)},
        )[0],
        LAILONGMEN_DUTY: Designation.objects.get_or_create(
            campaign=campaign,
            purpose="来龙门街道社区防控一线",
            recipient="来龙门街道办事处",
            defaults={"place": Place.objects.get(code=LAILONGMEN)},
        )[0],
    }
    return campaign, orgs, designations


def _at(day: date, hour: int = 17) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _donations(
    campaign: Campaign, orgs: dict[str, Organisation], designations: dict[str, Designation]
) -> list[DonationInput]:
    items = []
    for org, day, kind, name, amount, designation, goods in NAMED:
        item, quantity, unit = goods or ("", None, "")
        items.append(
            DonationInput(
                campaign=campaign,
                organisation=orgs[org],
                donor_kind=kind,
                donor_name=name,
                amount=amount,
                kind="goods" if goods else "money",
                item=item,
                quantity=quantity,
                unit=unit,
                designation=designations[designation] if designation else None,
                received_on=day,
                recorded_at=_at(day),
            )
        )
    days = (END - START).days
    for name, small, i in _small_gifts(Decimal("4100"), 0):
        day = date(2020, 2, 8) + timedelta(days=i % 10)
        items.append(
            DonationInput(
                campaign=campaign,
                organisation=orgs[CS],
                donor_kind="individual",
                donor_name=f"石亭镇 {name}",
                amount=small,
                designation=designations[SHITING_DUTY],
                received_on=day,
                recorded_at=_at(day),
            )
        )
    for name, small, i in _small_gifts(Decimal("224500"), 100):
        day = START + timedelta(days=5 + (i * 3) % (days - 5))
        anonymous = i % 9 == 0
        items.append(
            DonationInput(
                campaign=campaign,
                organisation=orgs[CS if i % 3 else HS],
                donor_kind="anonymous" if anonymous else "individual",
                donor_name="" if anonymous else name,
                publish_name=i % 5 != 0,
                amount=small,
                received_on=day,
                recorded_at=_at(day, 9 + i % 8),
            )
        )
    return items


def _disbursements(
    campaign: Campaign, orgs: dict[str, Organisation], designations: dict[str, Designation]
) -> list[ImportedDisbursement]:
    funds = {
        (f.organisation.name, f.designation_id, f.item): f
        for f in campaign.funds.select_related("organisation")
    }
    hospital, shiting, lailongmen = (
        designations[k].pk for k in (HOSPITAL, SHITING_DUTY, LAILONGMEN_DUTY)
    )

    def fund(org: str, designation: int | None = None, item: str = "") -> Any:
        return funds[(org, designation, item)]

    return [
        ImportedDisbursement(
            campaign,
            orgs[CS],
            "醴陵市人民医院",
            "采购医用防护物资",
            [LineInput(fund(CS, hospital), amount="200000.00")],
            designation=designations[HOSPITAL],
            decided_on=_at(date(2020, 2, 6)),
        ),
        ImportedDisbursement(
            campaign,
            orgs[HS],
            "醴陵市人民医院",
            "发热门诊防护用品",
            [
                LineInput(fund(HS, hospital, "医用口罩"), quantity="15000"),
                LineInput(fund(HS, hospital, "防护服"), quantity="500"),
                LineInput(fund(HS, hospital), amount="100000.00"),
            ],
            designation=designations[HOSPITAL],
            decided_on=_at(date(2020, 2, 15)),
        ),
        ImportedDisbursement(
            campaign,
            orgs[CS],
            "石亭镇人民政府",
            "石亭镇防疫卡点物资",
            [LineInput(fund(CS, shiting), amount="60000.00")],
            designation=designations[SHITING_DUTY],
            place=designations[SHITING_DUTY].place,
            decided_on=_at(date(2020, 2, 20)),
        ),
        ImportedDisbursement(
            campaign,
            orgs[CS],
            "来龙门街道办事处",
            "社区防控一线人员防护与慰问",
            [LineInput(fund(CS, lailongmen), amount="100000.00")],
            designation=designations[LAILONGMEN_DUTY],
            place=designations[LAILONGMEN_DUTY].place,
            decided_on=_at(date(2020, 2, 22)),
        ),
        ImportedDisbursement(
            campaign,
            orgs[CS],
            "醴陵市疾病预防控制中心",
            "疫情监测与消杀",
            [LineInput(fund(CS), amount="300000.00")],
            decided_on=_at(date(2020, 2, 25)),
        ),
        ImportedDisbursement(
            campaign,
            orgs[CS],
            "24个镇（街）防疫卡点",
            "卡点值守人员慰问",
            [
                LineInput(fund(CS), amount="240000.00"),
                LineInput(fund(CS, None, "84消毒液"), quantity="150"),
            ],
            decided_on=_at(date(2020, 3, 2)),
        ),
        ImportedDisbursement(
            campaign,
            orgs[HS],
            "醴陵市敬老院（35所）",
            "封闭管理期间生活物资",
            [
                LineInput(fund(HS), amount="50000.00"),
                LineInput(fund(HS, None, "方便面"), quantity="300"),
            ],
            decided_on=_at(date(2020, 3, 10)),
        ),
    ]


def load(out: TextIO) -> None:
    liling = Place.objects.get(code=LILING)
    clerk = user_ensure(
        username="cishan_clerk",
        password=DEMO_PASSWORD,
        display_name="慈善会经办人",
        jurisdiction=liling,
        roles=["charity_clerk"],
    )
    reviewer = user_ensure(
        username="cishan_reviewer",
        password=DEMO_PASSWORD,
        display_name="慈善会复核人",
        jurisdiction=liling,
        roles=["charity_reviewer"],
    )
    user_ensure(
        username="charity_admin",
        password=DEMO_PASSWORD,
        display_name="慈善管理员",
        jurisdiction=liling,
        roles=["charity_admin"],
        is_staff=True,
    )
    campaign, orgs, designations = _setup()
    if campaign.donations.exists():
        return
    donations_import(_donations(campaign, orgs, designations), actor=None)
    disbursements_import(
        _disbursements(campaign, orgs, designations), proposed_by=clerk, approved_by=reviewer
    )
    out.write(f"  charity: {campaign.donations.count()} donations in {campaign.name}\n")
