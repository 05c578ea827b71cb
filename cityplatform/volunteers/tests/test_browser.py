"""The 三社联动 overview and a certificate's verification, in a real browser."""

import io
from typing import Any

import pytest

from cityplatform.portal.tests.browser import query_outside_the_browser_loop
from cityplatform.volunteers.demo_data import DEMO_VOLUNTEER
from cityplatform.volunteers.models import Certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = {
    "organizations": "42",
    "volunteers": "10042",
    "activities": "2052",
    "person_times": "210408",
}


@pytest.fixture
def volunteer_demo(transactional_db: Any) -> None:
    from cityplatform.places import demo as places_demo
    from cityplatform.volunteers import demo

    places_demo.load(io.StringIO())
    demo.load(io.StringIO())


def test_overview_shows_the_seed_figures_and_a_certificate_verifies(
    volunteer_demo: None,  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.goto(live_server.url + "/volunteers/")
    shown = {name: page.get_attribute(f'[data-figure="{name}"]', "data-value") for name in SEED}
    assert shown == SEED
    assert page.inner_text('[data-figure="volunteers"] strong') == "10042"
    assert page.inner_text('[data-figure="person_times"] strong') == "210408"
    assert "2036" in page.inner_text('[data-output="masks"]')
    # ECharts drew the charts from the JSON blocks (no inline script).
    for chart in ("chart-by-type", "chart-by-week", "chart-by-town"):
        page.wait_for_selector(f'div.echart[data-option="{chart}"] canvas')

    number = query_outside_the_browser_loop(
        lambda: Certificate.objects.values_list("number", flat=True).get()
    )
    page.click("text=核验服务证明")
    page.wait_for_load_state()
    page.fill("input[name=number]", number.lower())
    page.press("input[name=number]", "Enter")
    page.wait_for_selector(".verdict.ok")
    verified = page.inner_text(".verified")
    name, id_number, _phone = DEMO_VOLUNTEER
    assert number in verified
    assert name in verified
    assert "4302**********0042" in verified
    assert id_number not in page.content()
