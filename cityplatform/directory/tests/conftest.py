"""Named people and providers for the life-services tests.

Two providers in 天元区: 白蚁 (with staff `baiyi`) and 测绘 (with staff `cehui`);
`stranger` is logged-in but works for neither.
"""

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from cityplatform.directory.models import Provider, ServiceCategory
from cityplatform.directory.services import provider_create, provider_staff_add
from cityplatform.places.models import Place
from conftest import TIANYUAN


@pytest.fixture
def category(places: None) -> ServiceCategory:
    return ServiceCategory.objects.create(name="害虫防治", slug="pest-control", order=10)


@pytest.fixture
def make_provider(category: ServiceCategory) -> Callable[..., Provider]:
    def make(name: str, **kwargs: Any) -> Provider:
        values: dict[str, Any] = {
            "category": category,
            "main_business": "白蚁防治, 老鼠防治",
            "address": "株洲市天元区韶山路568号",
            "place": Place.objects.get(code=TIANYUAN),
            "hotlines": ["0731-22616110"],
            "ownership": Provider.Ownership.STATE_OWNED,
            "is_published": True,
        }
        values.update(kwargs)
        return provider_create(name=name, **values)

    return make


@pytest.fixture
def world(make_user: Any, make_provider: Callable[..., Provider]) -> SimpleNamespace:
    baiyi = make_provider("株洲市白蚁防治有限公司", slogan="让您的生活远离虫害烦恼")
    cehui = make_provider(
        "株洲市房地产测绘队",
        main_business="全市范围内的房产测绘",
        hotlines=["28686988"],
    )
    baiyi_staff = make_user("baiyi", roles=["provider_staff"])
    cehui_staff = make_user("cehui", roles=["provider_staff"])
    provider_staff_add(provider=baiyi, user=baiyi_staff)
    provider_staff_add(provider=cehui, user=cehui_staff)
    return SimpleNamespace(
        baiyi=baiyi,
        cehui=cehui,
        baiyi_staff=baiyi_staff,
        cehui_staff=cehui_staff,
        stranger=make_user("stranger"),
    )


def submit(provider: Provider, **overrides: str) -> Any:
    from cityplatform.directory.services import service_request_submit

    values = {
        "name": "王女士",
        "phone": "13812345678",
        "address": "天元区泰山路88号",
        "need": "厨房发现白蚁",
    }
    values.update(overrides)
    return service_request_submit(provider=provider, **values)
