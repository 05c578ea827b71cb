"""The demo data: the seed page's two providers, staff logins, sample requests."""

import io

import pytest

from cityplatform.directory import demo
from cityplatform.directory.models import (
    Provider,
    ProviderStaff,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestNote,
)
from cityplatform.directory.selectors import overdue_requests_for_provider

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (ServiceCategory, Provider, ProviderStaff, ServiceRequest, ServiceRequestNote)
    )


def test_demo_is_idempotent_and_matches_the_seed(places, make_user) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())
    before = _counts()
    demo.load(io.StringIO())
    assert _counts() == before

    baiyi = Provider.objects.get(name="株洲市白蚁防治有限公司")
    assert baiyi.hotlines == ["0731-22616110"]
    assert baiyi.address == "株洲市天元区韶山路568号"
    assert baiyi.place_id == "430211000000"
    assert baiyi.ownership == Provider.Ownership.STATE_OWNED
    assert baiyi.slogan == "让您的生活远离虫害烦恼"
    assert baiyi.highlight_list == ["专业服务"]
    assert "老鼠防治" in baiyi.main_business
    cehui = Provider.objects.get(name="株洲市房地产测绘队")
    assert cehui.hotlines == ["28686988"]
    assert cehui.slogan_lines == ["专注房产测绘二十年", "专业机构", "优质服务百姓千万家"]

    assert ProviderStaff.objects.filter(provider=baiyi, user__username="baiyi").exists()
    assert ProviderStaff.objects.filter(provider=cehui, user__username="cehui").exists()
    assert overdue_requests_for_provider(baiyi).count() == 1


def test_demo_staff_can_log_in(client, places, make_user) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())
    response = client.post("/accounts/login/", {"username": "baiyi", "password": "demo-pass-2026"})
    assert response.status_code == 302
    page = client.get("/services/console/").content.decode()
    assert 'data-overdue-count="1"' in page
