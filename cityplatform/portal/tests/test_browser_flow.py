"""The resident's flow in a real browser: home page, news search, a service request."""

import io
from typing import Any

import pytest

from cityplatform.directory.models import ServiceRequest
from cityplatform.portal.tests.browser import query_outside_the_browser_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db: Any) -> None:
    from django.core.management import call_command

    call_command("load_demo", "portal", "news", "directory", stdout=io.StringIO())


def test_home_search_news_and_request_a_service(
    demo_data: None,  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    assert "危难之时显身手" in page.content()
    assert "株洲市白蚁防治有限公司" in page.content()
    assert "28200686" in page.content()

    page.goto(live_server.url + "/news/")
    page.fill("input[name=q]", "疫情防控")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    page.click("a.article-link >> nth=0")
    page.wait_for_load_state()
    assert "履职尽责勇担当" in page.inner_text("h1")

    page.goto(live_server.url + "/services/")
    page.click("text=株洲市白蚁防治有限公司")
    page.wait_for_load_state()
    form = page.locator("form.service-request-form")
    form.locator("[name=name]").fill("王女士")
    form.locator("[name=phone]").fill("13812345678")
    form.locator("[name=address]").fill("天元区泰山路88号")
    form.locator("[name=need]").fill("厨房发现白蚁，请上门查看")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".request-success")
    saved = query_outside_the_browser_loop(
        ServiceRequest.objects.filter(phone="13812345678", name="王女士").count
    )
    assert saved == 1
