"""Named people and developments for the developments tests.

Developments: 翠湾 in 天元区 (on sale, three unit types) and 瓷都 in 醴陵市 (coming soon).
People: `editor` and `handler` of 株洲市 (everything), `liling_editor` and
`liling_handler` of 醴陵市 only, and `stranger` (logged in, no role).
"""

import io
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from cityplatform.developments.models import Development, Enquiry, SaleStatus
from cityplatform.developments.services import development_change_status, development_create
from cityplatform.places.models import Place
from conftest import LILING, TIANYUAN, ZHUZHOU

GOOD_CREDIT_CODE = "91110000600037341L"  # a well-formed code (check digit valid)


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    # The enquiry throttle counts in the cache; every test starts with a full budget.
    cache.clear()
    yield
    cache.clear()


def unit(name: str = "三室两厅", **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": name,
        "bedrooms": 3,
        "living_rooms": 2,
        "bathrooms": 2,
        "area_m2": Decimal("118.00"),
        "available_units": 20,
        "reference_price": Decimal("1120000.00"),
    }
    values.update(overrides)
    return values


def development_values(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": "湘江翠湾",
        "developer_name": "株洲翠湾置业有限公司",
        "place": Place.objects.get(code=TIANYUAN),
        "address": "天元区滨江路1号",
        "min_unit_price": Decimal("8800.00"),
        "max_unit_price": Decimal("11500.00"),
        "min_total_price": Decimal("780000.00"),
        "max_total_price": Decimal("1650000.00"),
        "promotion_starts_on": today - timedelta(days=10),
        "promotion_ends_on": today + timedelta(days=60),
        "description": "临江而建",
        "features": ["江景", "精装修"],
        "is_published": True,
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_development(places: None) -> Callable[..., Development]:
    def make(
        *, status: str = SaleStatus.ON_SALE, units: Any = None, **overrides: Any
    ) -> Development:
        development = development_create(
            actor=None,
            unit_types=[
                unit(
                    "两室两厅",
                    bedrooms=2,
                    bathrooms=1,
                    area_m2=Decimal("89.00"),
                    reference_price=Decimal("798000"),
                ),
                unit(),
                unit(
                    "四室两厅",
                    bedrooms=4,
                    area_m2=Decimal("143.00"),
                    available_units=6,
                    reference_price=Decimal("1580000"),
                ),
            ]
            if units is None
            else units,
            **development_values(**overrides),
        )
        path = {
            SaleStatus.UPCOMING: [],
            SaleStatus.ON_SALE: [SaleStatus.ON_SALE],
            SaleStatus.SOLD_OUT: [SaleStatus.ON_SALE, SaleStatus.SOLD_OUT],
        }[status]
        for step in path:
            development_change_status(development=development, actor=None, to_status=step)
        return development

    return make


@pytest.fixture
def world(make_user: Any, make_development: Callable[..., Development]) -> SimpleNamespace:
    cuiwan = make_development()
    cidu = make_development(
        status=SaleStatus.UPCOMING,
        name="醴陵瓷都壹号",
        place=Place.objects.get(code=LILING),
        address="醴陵市瓷城大道",
        min_unit_price=None,
        max_unit_price=None,
        min_total_price=None,
        max_total_price=None,
        units=[unit("三室两厅 116", area_m2=Decimal("116.00"), reference_price=None)],
    )
    return SimpleNamespace(
        cuiwan=cuiwan,
        cidu=cidu,
        editor=make_user("editor1", roles=["developments_editor"], place=ZHUZHOU, is_staff=True),
        handler=make_user("handler1", roles=["enquiry_handler"], place=ZHUZHOU, is_staff=True),
        liling_editor=make_user(
            "liling_editor", roles=["developments_editor"], place=LILING, is_staff=True
        ),
        liling_handler=make_user(
            "liling_handler", roles=["enquiry_handler"], place=LILING, is_staff=True
        ),
        stranger=make_user("stranger", place=ZHUZHOU),
    )


def enquire(development: Development, **overrides: Any) -> Enquiry:
    from cityplatform.developments.services import enquiry_submit

    values: dict[str, Any] = {"name": "王女士", "phone": "13812345678", "contact_time": "evening"}
    values.update(overrides)
    return enquiry_submit(development=development, **values)


def png_file(
    size: tuple[int, int] = (40, 30), image_format: str = "PNG", name: str = "a.png"
) -> ContentFile[bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buffer, format=image_format)
    return ContentFile(buffer.getvalue(), name=name)
