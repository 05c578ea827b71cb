"""A buyer in a real browser: the developments list, one development, an enquiry sent
with htmx, the success message, and the enquiry stored."""

import io
from typing import Any

import pytest

from cityplatform.developments.models import Enquiry
from cityplatform.portal.tests.browser import query_outside_the_browser_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_developments(transactional_db: Any) -> None:
    from cityplatform.developments import demo as developments_demo
    from cityplatform.places import demo as places_demo
    from cityplatform.portal import demo as portal_demo

    out = io.StringIO()
    places_demo.load(out)
    portal_demo.load(out)
    developments_demo.load(out)


def test_open_a_development_and_send_an_enquiry(
    demo_developments: None,  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.goto(live_server.url + "/developments/")
    assert "演示·湘江翠湾" in page.content()
    page.select_option("select[name=district]", label="醴陵市")
    # htmx replaces the results in place (no script evaluation: the CSP forbids eval).
    page.wait_for_selector(
        "#results a.development-link:has-text('演示·湘江翠湾')", state="detached"
    )
    page.click("a.development-link >> text=演示·醴陵瓷都壹号")
    page.wait_for_load_state()
    assert "演示·醴陵瓷都壹号" in page.inner_text("h1")
    assert "28200686" in page.content()

    form = page.locator("form.enquiry-form")
    form.locator("[name=name]").fill("王女士")
    form.locator("[name=phone]").fill("12345")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("form.enquiry-form .errorlist")  # the 400 swapped in by htmx
    assert "请输入有效的电话号码" in page.inner_text("form.enquiry-form")

    form = page.locator("form.enquiry-form")
    form.locator("[name=phone]").fill("138 1234 5678")
    form.locator("[name=unit_type]").select_option(index=1)
    form.locator("[name=contact_time]").select_option("weekend")
    form.locator("[name=message]").fill("想周末看样板间")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".enquiry-success")
    assert "谢谢，您的咨询已提交。" in page.inner_text(".enquiry-success")
    assert page.url.endswith("/")  # htmx swapped the form; no page load

    stored = query_outside_the_browser_loop(
        lambda: list(
            Enquiry.objects.filter(phone="13812345678").values_list(
                "name", "development__name", "contact_time", "unit_type__name"
            )
        )
    )
    assert stored == [("王女士", "演示·醴陵瓷都壹号", "weekend", "三室两厅")]
