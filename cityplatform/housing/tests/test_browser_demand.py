"""The buyer's flow in a real browser: search the seed's homes, open one, register a
demand from its page, see the thank-you page with the hotline; the demand is stored."""

import io
from typing import Any

import pytest

from cityplatform.housing.models import BuyerDemand, DemandMatchKey
from cityplatform.portal.tests.browser import query_outside_the_browser_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db: Any) -> None:
    from django.core.management import call_command

    call_command("load_demo", "portal", "housing", stdout=io.StringIO())


def test_search_open_a_listing_and_register_a_demand(
    demo_data: None,  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.goto(live_server.url + "/housing/")
    page.fill("input[name=q]", "二中")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("text=春藤小镇")
    page.click("a.listing-link >> text=春藤小镇")
    page.wait_for_load_state()
    assert "春藤小镇" in page.inner_text("h1")
    assert "28200686" in page.content()

    page.click("a.demand-link")
    page.wait_for_load_state()
    form = page.locator("form.demand-form")
    assert form.locator("[name=communities]").input_value() == "春藤小镇"
    form.locator("[name=buyer_name]").fill("陈先生")
    form.locator("[name=buyer_phone]").fill("13700001234")
    form.locator("[name=budget_max_wan]").fill("80")
    form.locator("[name=bedrooms_min]").fill("3")
    form.locator("input[name=features][value=家电齐全]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".demand-success")
    assert "28200686" in page.inner_text(".demand-success")

    def stored() -> tuple[int, list[str], list[str], bool]:
        demand = BuyerDemand.objects.get(buyer_phone="13700001234", buyer_name="陈先生")
        communities = [c.name for c in demand.communities.all()]
        keyed = DemandMatchKey.objects.filter(demand=demand).exists()
        return demand.budget_max_yuan or 0, communities, demand.features, keyed

    assert query_outside_the_browser_loop(stored) == (800_000, ["春藤小镇"], ["家电齐全"], True)
