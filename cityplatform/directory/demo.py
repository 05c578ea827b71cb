"""Demo life services: the two providers the seed page lists under 生活服务, their staff
logins, and a few sample requests (one of them overdue) for the console.
"""

from datetime import timedelta
from typing import Any, TextIO

from django.utils import timezone

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.directory.models import Provider, ServiceCategory, ServiceRequest
from cityplatform.directory.services import (
    provider_create,
    provider_staff_add,
    service_request_submit,
    service_request_transition,
)
from cityplatform.places.models import Place

TIANYUAN = "430211000000"

LOGINS = [
    ("baiyi", "株洲市白蚁防治有限公司 客服 (生活服务工作台)"),
    ("cehui", "株洲市房地产测绘队 客服 (生活服务工作台)"),
]

CATEGORIES = [
    ("害虫防治", "pest-control", 10),
    ("房产测绘", "property-surveying", 20),
    ("家政服务", "housekeeping", 30),
    ("家电维修", "appliance-repair", 40),
    ("搬家物流", "moving", 50),
]

PROVIDERS: list[dict[str, Any]] = [
    {
        "username": "baiyi",
        "display_name": "白蚁防治公司客服",
        "category": "害虫防治",
        "name": "株洲市白蚁防治有限公司",
        "main_business": "白蚁防治, 老鼠防治, 蟑螂等各类害虫防治, 各类灭鼠杀虫药品器械批发零售。",
        "address": "株洲市天元区韶山路568号",
        "hotlines": ["0731-22616110"],
        "ownership": Provider.Ownership.STATE_OWNED,
        "highlights": "专业服务",
        "slogan": "让您的生活远离虫害烦恼",
    },
    {
        "username": "cehui",
        "display_name": "房地产测绘队客服",
        "category": "房产测绘",
        "name": "株洲市房地产测绘队",
        "main_business": "全市范围内的房产测绘, 房产测绘信息成果利用, 房产相关图件资料汇编。",
        "address": "株洲市天元区韶山路568号",
        "hotlines": ["28686988"],
        "ownership": Provider.Ownership.STATE_OWNED,
        "highlights": "",
        "slogan": "专注房产测绘二十年\n专业机构\n优质服务百姓千万家",
    },
]

# (name, phone, address, need, hours ago, status)
SAMPLE_REQUESTS = {
    "株洲市白蚁防治有限公司": [
        ("刘女士", "13873312345", "天元区泰山路88号", "厨房门框发现白蚁，请上门查看", 40, "new"),
        ("李先生", "13907331234", "荷塘区新华西路12号", "小区楼道老鼠较多，需要灭鼠", 3, "new"),
        ("赵阿姨", "0731-28201234", "芦淞区建设南路5号", "地下室蟑螂防治", 72, "done"),
    ],
    "株洲市房地产测绘队": [
        (
            "陈先生",
            "15873312345",
            "天元区栗雨街道湘银星城",
            "二手房过户前需要房产面积测绘",
            2,
            "new",
        ),
    ],
}


def load(out: TextIO) -> None:
    tianyuan = Place.objects.get(code=TIANYUAN)
    categories = {}
    for name, slug, order in CATEGORIES:
        categories[name], _created = ServiceCategory.objects.get_or_create(
            name=name, defaults={"slug": slug, "order": order}
        )
    for spec in PROVIDERS:
        provider = Provider.objects.filter(name=spec["name"]).first()
        if provider is None:
            provider = provider_create(
                name=spec["name"],
                category=categories[spec["category"]],
                main_business=spec["main_business"],
                address=spec["address"],
                place=tianyuan,
                hotlines=spec["hotlines"],
                ownership=spec["ownership"],
                highlights=spec["highlights"],
                slogan=spec["slogan"],
                is_published=True,
            )
        user = user_ensure(
            username=spec["username"],
            password=DEMO_PASSWORD,
            display_name=spec["display_name"],
            roles=["provider_staff"],
        )
        provider_staff_add(provider=provider, user=user)
        if not ServiceRequest.objects.filter(provider=provider).exists():
            _sample_requests(provider, user)


def _sample_requests(provider: Provider, staff: Any) -> None:
    now = timezone.now()
    for name, phone, address, need, hours_ago, status in SAMPLE_REQUESTS.get(provider.name, []):
        obj = service_request_submit(
            provider=provider, name=name, phone=phone, address=address, need=need
        )
        # Back-date it, so one request is overdue and the console has a history.
        created = now - timedelta(hours=hours_ago)
        ServiceRequest.objects.filter(pk=obj.pk).update(
            created_at=created, due_at=created + timedelta(hours=provider.response_hours)
        )
        if status == ServiceRequest.Status.DONE:
            service_request_transition(
                request_obj=obj, actor=staff, to_status=status, note="已上门处理，客户满意。"
            )
            handled = created + timedelta(hours=3)
            ServiceRequest.objects.filter(pk=obj.pk).update(contacted_at=handled, done_at=handled)
