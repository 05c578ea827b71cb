"""In a real browser: a village director files today's zero report with one tap, and
the town supervisor sees it on the town's grid."""

from typing import Any

import pytest
from django.utils import timezone

from cityplatform.portal.tests.browser import query_outside_the_browser_loop
from cityplatform.reports.models import DailyReport
from cityplatform.reports.roles import REPORTER, REVIEWER
from conftest import LAILONGMEN, MAFANGTANG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234-word"


@pytest.fixture
def director_and_supervisor(make_user: Any) -> None:
    make_user("zhuren", roles=[REPORTER], place=MAFANGTANG, display_name="马放塘社区儿童主任")
    make_user("dudao", roles=[REVIEWER], place=LAILONGMEN, display_name="来龙门街道儿童督导员")


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/?next=/reports/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/reports/**")


def test_one_tap_zero_report_shows_on_the_towns_grid(
    director_and_supervisor: None,  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    _log_in(page, live_server.url, "zhuren")
    assert page.url.endswith(f"/reports/children_care/{MAFANGTANG}/")
    assert "马放塘社区" in page.inner_text("h1")
    page.click("button.zero-button")
    page.wait_for_selector("[data-report-status=zero]")
    saved = query_outside_the_browser_loop(
        lambda: list(DailyReport.objects.values_list("village_id", "is_zero", "channel"))
    )
    assert saved == [(MAFANGTANG, True, "one_tap")]

    page.click("form[action='/accounts/logout/'] button[type=submit]")
    page.wait_for_load_state()
    _log_in(page, live_server.url, "dudao")
    assert page.url.endswith(f"/reports/children_care/{LAILONGMEN}/")
    today = timezone.localdate().isoformat()
    cell = page.locator(f"tr[data-unit='{MAFANGTANG}'] td[data-day='{today}']")
    assert cell.get_attribute("data-state") in ("complete", "late")  # late after 10:00
    neighbour = page.locator(f"tr[data-unit='430281002002'] td[data-day='{today}']")
    assert neighbour.get_attribute("data-state") in ("pending", "missing")
    # Drill down to the town's day (the link of the cell).
    page.goto(live_server.url + cell.locator("a").get_attribute("href"))
    row = page.locator(f"tr[data-unit='{MAFANGTANG}']")
    assert "零报告" in row.inner_text()
