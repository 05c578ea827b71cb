"""A housing staff member in a real browser: logs in, opens the console, books a
viewing for a listing and finds it under today's viewings."""

import io
from datetime import datetime
from typing import Any

import pytest

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.housing.models import Listing, ListingStatus, Viewing
from cityplatform.housing.tests.scheduling import days_ahead, set_clock
from cityplatform.portal.tests.browser import query_outside_the_browser_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_listing(transactional_db: Any, morning: datetime) -> Listing:
    from django.core.management import call_command

    # Loaded "this morning": the demo books its viewing of today for 16:00.
    call_command("load_demo", "portal", "housing", stdout=io.StringIO())
    listing = (
        Listing.objects.filter(status=ListingStatus.PUBLISHED)
        .select_related("community")  # read during the test, when queries would leak
        .order_by("pk")
        .first()
    )
    assert listing is not None
    return listing


@pytest.fixture
def morning(monkeypatch: pytest.MonkeyPatch) -> datetime:
    # Whenever the suite runs, the console believes it is 09:00 today: 10:30 is ahead.
    moment = days_ahead(0, 9)
    set_clock(monkeypatch, moment)
    return moment


def test_staff_books_a_viewing_from_the_console(
    demo_listing: Listing,  # first: loaded before the browser's event loop starts
    morning: datetime,
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.goto(live_server.url + "/housing/console/")
    # Not logged in: the login page, which comes back to the console.
    page.fill("#id_username", "fangchan")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("#book-viewing")
    assert "房产工作台" in page.inner_text("h1")
    assert "16:00–17:00" in page.inner_text("#viewings-today")  # the demo's

    form = page.locator("form.viewing-form")
    form.locator("[name=listing]").fill(str(demo_listing.pk))
    form.locator("[name=buyer_name]").fill("周女士")
    form.locator("[name=buyer_phone]").fill("13973312345")
    form.locator("[name=date]").fill(morning.date().isoformat())
    form.locator("[name=time]").fill("10:30")
    form.locator("[name=duration_minutes]").select_option("60")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#viewings-today .viewing-row")

    page.wait_for_selector("#viewings-today >> text=周女士")
    today = page.inner_text("#viewings-today")
    assert "周女士" in today
    assert "10:30–11:30" in today
    assert demo_listing.community.name in today
    assert "139****2345" in today
    assert "13973312345" not in page.content()
    assert "已定在" in page.inner_text(".messages")

    saved = query_outside_the_browser_loop(
        lambda: list(
            Viewing.objects.filter(buyer_name="周女士").values_list(
                "listing_id", "staff__username", "buyer_phone"
            )
        )
    )
    assert saved == [(demo_listing.pk, "fangchan", "13973312345")]
