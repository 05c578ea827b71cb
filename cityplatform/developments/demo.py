"""Demo developments for 楼盘推介. The seed page's banner names none, so these five are
invented (every name starts with 演示, addresses are marked 演示地址): one in each of
天元区, 芦淞区, 荷塘区, 石峰区 and 醴陵市, with every sale status, unit types, a small
generated photo each, and a few enquiries for the handlers' console.
"""

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.developments.models import Development, Enquiry, SaleStatus
from cityplatform.developments.permissions import EDITOR_ROLE, HANDLER_ROLE
from cityplatform.developments.services import (
    development_change_status,
    development_create,
    enquiry_add_note,
    enquiry_submit,
    enquiry_transition,
    photo_add,
)
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

LOGINS = [
    ("loupan", "楼盘推介编辑 (株洲市; 后台维护楼盘)"),
    ("zixun", "购房咨询专员 (株洲市; 楼盘咨询工作台 /developments/console/)"),
]

# The path each demo development takes through the workflow from 待售.
_PATHS = {
    SaleStatus.UPCOMING: [],
    SaleStatus.ON_SALE: [SaleStatus.ON_SALE],
    SaleStatus.SOLD_OUT: [SaleStatus.ON_SALE, SaleStatus.SOLD_OUT],
}


def _unit(
    name: str, rooms: tuple[int, int, int], area: str, available: int, price: str | None
) -> dict[str, Any]:
    bedrooms, living_rooms, bathrooms = rooms
    return {
        "name": name,
        "bedrooms": bedrooms,
        "living_rooms": living_rooms,
        "bathrooms": bathrooms,
        "area_m2": Decimal(area),
        "available_units": available,
        "reference_price": Decimal(price) if price else None,
    }


DEVELOPMENTS: list[dict[str, Any]] = [
    {
        "name": "演示·湘江翠湾",
        "developer_name": "株洲翠湾演示置业有限公司",
        "place": "430211000000",  # 天元区
        "address": "天元区湘江西岸滨江路（演示地址）",
        "status": SaleStatus.ON_SALE,
        "min_unit_price": Decimal("8800.00"),
        "max_unit_price": Decimal("11500.00"),
        "min_total_price": Decimal("780000.00"),
        "max_total_price": Decimal("1650000.00"),
        "features": ["江景", "精装修", "地铁规划"],
        "description": "**演示数据**：本楼盘为虚构，仅用于展示楼盘推介功能。\n\n"
        "- 临江而建，步行可达湘江风光带\n- 社区配套幼儿园与商业街\n- 精装修交付",
        "units": [
            _unit("两室两厅 A户型", (2, 2, 1), "89.00", 12, "798000"),
            _unit("三室两厅 B户型", (3, 2, 2), "118.00", 20, "1120000"),
            _unit("四室两厅 C户型", (4, 2, 2), "143.00", 6, "1580000"),
        ],
    },
    {
        "name": "演示·芦淞锦绣华庭",
        "developer_name": "芦淞锦绣演示房地产开发有限公司",
        "place": "430203000000",  # 芦淞区
        "address": "芦淞区服饰城东侧（演示地址）",
        "status": SaleStatus.UPCOMING,
        "features": ["近商圈", "公园旁"],
        "description": "**演示数据**：本楼盘为虚构。即将开盘，价格待定，欢迎登记意向。",
        "units": [
            _unit("三室两厅 105", (3, 2, 1), "105.00", 60, None),
            _unit("三室两厅 125", (3, 2, 2), "125.00", 40, None),
        ],
    },
    {
        "name": "演示·荷塘云栖府",
        "developer_name": "荷塘云栖演示置业有限公司",
        "place": "430202000000",  # 荷塘区
        "address": "荷塘区新华东路北（演示地址）",
        "status": SaleStatus.ON_SALE,
        "min_unit_price": Decimal("7200.00"),
        "max_unit_price": Decimal("8600.00"),
        "features": ["学区房", "低密度", "车位充足"],
        "description": "**演示数据**：本楼盘为虚构。低密度洋房社区，步行十分钟到学校。",
        "units": [
            _unit("两室两厅", (2, 2, 1), "86.50", 8, "650000"),
            _unit("三室两厅", (3, 2, 2), "112.80", 15, "880000"),
            _unit("叠墅 四室三厅", (4, 3, 3), "168.00", 4, "1420000"),
        ],
    },
    {
        "name": "演示·石峰钻石公馆",
        "developer_name": "石峰钻石演示地产有限公司",
        "place": "430204000000",  # 石峰区
        "address": "石峰区田心大道旁（演示地址）",
        "status": SaleStatus.SOLD_OUT,
        "min_unit_price": Decimal("6800.00"),
        "max_unit_price": Decimal("7500.00"),
        "min_total_price": Decimal("560000.00"),
        "max_total_price": Decimal("980000.00"),
        "features": ["现房", "近轨道交通"],
        "description": "**演示数据**：本楼盘为虚构。已全部售罄，可留下电话，加推时优先通知。",
        "units": [
            _unit("两室两厅", (2, 2, 1), "82.00", 0, "560000"),
            _unit("三室两厅", (3, 2, 2), "128.00", 0, "960000"),
        ],
    },
    {
        "name": "演示·醴陵瓷都壹号",
        "developer_name": "醴陵瓷都演示房地产有限公司",
        "place": "430281000000",  # 醴陵市
        "address": "醴陵市瓷城大道（演示地址）",
        "status": SaleStatus.ON_SALE,
        "min_unit_price": Decimal("5200.00"),
        "max_unit_price": Decimal("6500.00"),
        "features": ["瓷文化街区", "南北通透"],
        "description": "**演示数据**：本楼盘为虚构。紧邻陶瓷文化街区，南北通透户型。",
        "units": [
            _unit("三室两厅", (3, 2, 2), "116.00", 30, "680000"),
            _unit("四室两厅", (4, 2, 2), "139.00", 18, "860000"),
        ],
    },
]

# (development, name, phone, contact time, message, unit type index, handled)
SAMPLE_ENQUIRIES = [
    ("演示·湘江翠湾", "刘先生", "13800000001", "evening", "想了解三室户型的首付比例", 1, True),
    ("演示·湘江翠湾", "陈女士", "13900000002", "weekend", "", None, False),
    ("演示·醴陵瓷都壹号", "王先生", "0731-28000003", "morning", "周末能看样板间吗？", 0, False),
]


def _photo(seed: int) -> ContentFile[bytes]:
    """A small drawing of towers, so the pages show a photo without shipping images."""
    width, height = 320, 200
    image = Image.new("RGB", (width, height), (214, 228, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 150, width, height), fill=(120, 170, 110))
    for index in range(4):
        left = 30 + index * 70
        top = 40 + ((index + seed) % 3) * 25
        draw.rectangle((left, top, left + 45, 160), fill=(236, 232, 224), outline=(150, 140, 130))
        for row in range(top + 8, 150, 14):
            draw.rectangle((left + 8, row, left + 37, row + 6), fill=(160, 190, 215))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="demo.png")


def load(out: TextIO) -> None:
    zhuzhou = Place.objects.get(code=ZHUZHOU)
    user_ensure(
        username="loupan",
        password=DEMO_PASSWORD,
        display_name="楼盘推介编辑",
        jurisdiction=zhuzhou,
        roles=[EDITOR_ROLE],
        is_staff=True,
    )
    handler = user_ensure(
        username="zixun",
        password=DEMO_PASSWORD,
        display_name="购房咨询专员",
        jurisdiction=zhuzhou,
        roles=[HANDLER_ROLE],
        is_staff=True,
    )
    today = timezone.localdate()
    for seed, spec in enumerate(DEVELOPMENTS):
        if Development.objects.filter(name=spec["name"]).exists():
            continue
        values = {
            k: v for k, v in spec.items() if k not in ("place", "status", "units", "description")
        }
        development = development_create(
            actor=None,
            place=Place.objects.get(code=spec["place"]),
            description=spec["description"],
            promotion_starts_on=today - timedelta(days=30),
            promotion_ends_on=today + timedelta(days=180),
            is_published=True,
            unit_types=spec["units"],
            **values,
        )
        for status in _PATHS[spec["status"]]:
            development_change_status(development=development, actor=None, to_status=status)
        photo_add(development=development, actor=None, image=_photo(seed), caption="效果图（示意）")
    if not Enquiry.objects.filter(development__name__startswith="演示·").exists():
        _sample_enquiries(handler)


def _sample_enquiries(handler: Any) -> None:
    for name, person, phone, contact_time, message, unit_index, handled in SAMPLE_ENQUIRIES:
        development = Development.objects.get(name=name)
        units = list(development.unit_types.order_by("order", "area_m2", "id"))
        enquiry = enquiry_submit(
            development=development,
            name=person,
            phone=phone,
            contact_time=contact_time,
            message=message,
            unit_type=units[unit_index] if unit_index is not None else None,
        )
        if handled:
            enquiry_transition(
                enquiry=enquiry,
                actor=handler,
                to_status="contacted",
                note="已电话联系，约本周六看样板间。",
            )
            enquiry_add_note(enquiry=enquiry, actor=handler, note="客户关注首付和公积金贷款。")
