"""The staff console: who gets it, what it lists (inside the jurisdiction only), and
booking viewings and moving deals through its forms."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.housing import services
from cityplatform.housing.models import Deal, DealStage, Listing, ListingStatus, Viewing
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.scheduling import days_ahead, set_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Any:
    moment = days_ahead(0, 9)
    set_clock(monkeypatch, moment)
    return moment


@pytest.fixture
def home(make_listing: Any) -> Listing:
    return publish(make_listing())


def book(listing: Listing, actor: Any, hour: int, **kwargs: Any) -> Viewing:
    return services.viewing_book(
        listing=listing,
        actor=actor,
        buyer_name=kwargs.pop("buyer_name", "李女士"),
        buyer_phone=kwargs.pop("buyer_phone", "13873312345"),
        starts_at=days_ahead(kwargs.pop("days", 0), hour),
        **kwargs,
    )


def section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</section>", start)]


def test_anonymous_is_sent_to_login_and_others_find_nothing(client, people) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/housing/console/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(people.stranger)
    assert client.get("/housing/console/").status_code == 404
    assert client.post("/housing/console/viewings/", {}).status_code == 404


def test_the_console_lists_todays_work(client, home, make_listing, people, now) -> None:  # type: ignore[no-untyped-def]
    mine = book(home, people.staff, 10, buyer_name="李女士")
    book(home, people.city_staff, 14, buyer_name="周先生")
    book(home, people.staff, 10, days=1, buyer_name="明天的买家")
    deal_home = publish(make_listing(bedrooms=2, area_m2="80", price_yuan=500_000))
    deal = services.deal_open(
        listing=deal_home,
        actor=people.staff,
        buyer_name="赵先生",
        buyer_phone="13907331234",
        agreed_price_yuan="490000",
    )
    services.false_listing_report_submit(listing=home, reason="已经卖掉了")
    flagged = make_listing(area_m2="120.5")
    services.listing_submit(listing=flagged, actor=None)
    Listing.objects.filter(pk=home.pk).update(refreshed_at=now - timedelta(days=27))

    client.force_login(people.staff)
    page = client.get("/housing/console/").content.decode()
    viewings = section(page, "viewings-today")
    assert f'data-viewing="{mine.pk}"' in viewings
    assert "李女士" in viewings
    assert "138****2345" in viewings
    assert "13873312345" not in page
    assert "14:00–15:00" in viewings  # a colleague's, in the district list
    assert "fangchan" in viewings
    assert "周先生" not in page  # their buyer is theirs
    assert "明天的买家" not in page
    board = section(page, "open-deals")
    assert f'href="/housing/console/deals/{deal.pk}/"' in board
    assert 'data-stage="offer"' in board
    assert "已经卖掉了" in section(page, "reports")
    assert f"#{flagged.pk}" in section(page, "duplicates")
    assert f"#{home.pk}" in section(page, "expiring")
    assert f"#{deal_home.pk}" not in section(page, "expiring")
    # The matching work fills these later; for now they are there, and empty.
    assert "my-demands" in page
    assert "matches-to-call" in page


def test_the_console_stays_inside_the_jurisdiction(client, home, people, now) -> None:  # type: ignore[no-untyped-def]
    book(home, people.staff, 10, buyer_name="李女士")
    services.false_listing_report_submit(listing=home, reason="已经卖掉了")
    client.force_login(people.liling_staff)
    page = client.get("/housing/console/").content.decode()
    assert "李女士" not in page
    assert "已经卖掉了" not in page


def test_booking_from_the_console(client, home, people, now) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    form = {
        "listing": home.pk,
        "buyer_name": "孙女士",
        "buyer_phone": "139-0733-1234",
        "date": now.date().isoformat(),
        "time": "15:30",
        "duration_minutes": "45",
    }
    response = client.post("/housing/console/viewings/", form)
    assert response.status_code == 302
    viewing = Viewing.objects.get()
    assert viewing.staff == people.staff
    assert viewing.buyer_phone == "13907331234"
    assert timezone.localtime(viewing.starts_at).strftime("%H:%M") == "15:30"
    assert viewing.duration_minutes == 45
    page = client.get("/housing/console/").content.decode()
    assert "孙女士" in section(page, "viewings-today")

    # The same slot again: refused, with the reason, nothing stored.
    response = client.post("/housing/console/viewings/", form)
    assert response.status_code == 400
    assert "15:30–16:15" in response.content.decode()
    # Too early, in Chinese.
    tomorrow = (now + timedelta(days=1)).date().isoformat()
    response = client.post(
        "/housing/console/viewings/", {**form, "date": tomorrow, "time": "06:00"}
    )
    assert response.status_code == 400
    assert "看房时间须在 08:00 至 21:00 之间" in response.content.decode()
    # A listing outside the district looks like no listing.
    response = client.post("/housing/console/viewings/", {**form, "listing": 999999})
    assert response.status_code == 400
    assert Viewing.objects.count() == 1


def test_recording_an_outcome(client, home, people, now, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, 10)
    client.force_login(people.staff)
    set_clock(monkeypatch, now + timedelta(hours=2))
    response = client.post(
        f"/housing/console/viewings/{viewing.pk}/outcome/", {"status": "done", "notes": "满意"}
    )
    assert response.status_code == 302
    viewing.refresh_from_db()
    assert (viewing.status, viewing.outcome_notes) == ("done", "满意")
    client.force_login(people.liling_staff)
    response = client.post(
        f"/housing/console/viewings/{viewing.pk}/outcome/", {"status": "cancelled"}
    )
    assert response.status_code == 404


def test_a_deal_through_the_console(client, home, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    response = client.post(
        "/housing/console/deals/",
        {
            "listing": home.pk,
            "buyer_name": "赵先生",
            "buyer_phone": "13907331234",
            "agreed_price_yuan": "780000.00",
            "note": "首付已备",
        },
    )
    deal = Deal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/housing/console/deals/{deal.pk}/"
    home.refresh_from_db()
    assert home.status == ListingStatus.UNDER_OFFER

    page = client.get(f"/housing/console/deals/{deal.pk}/").content.decode()
    assert "首付已备" in page
    assert "139****1234" in page
    assert AuditEntry.objects.filter(action="view", object_type="housing.deal").count() == 1

    url = f"/housing/console/deals/{deal.pk}/advance/"
    assert client.post(url, {"expected_stage": "offer", "note": "合同已签"}).status_code == 302
    # The same click again (a stale page): refused, the deal moved once.
    stale = client.post(url, {"expected_stage": "offer", "note": "合同已签"})
    assert stale.status_code == 400
    deal.refresh_from_db()
    assert deal.stage == DealStage.CONTRACT

    response = client.post(f"/housing/console/deals/{deal.pk}/fall-through/", {"note": ""})
    assert response.status_code == 400
    response = client.post(f"/housing/console/deals/{deal.pk}/fall-through/", {"note": "贷款被拒"})
    assert response.status_code == 302
    home.refresh_from_db()
    assert home.status == ListingStatus.PUBLISHED
    page = client.get(f"/housing/console/deals/{deal.pk}/").content.decode()
    assert page.count('class="timeline-event"') == 3
    assert "贷款被拒" in page


def test_deal_pages_follow_jurisdiction(client, home, people) -> None:  # type: ignore[no-untyped-def]
    deal = services.deal_open(
        listing=home,
        actor=people.staff,
        buyer_name="赵先生",
        buyer_phone="13907331234",
        agreed_price_yuan="780000",
    )
    client.force_login(people.liling_staff)
    assert client.get(f"/housing/console/deals/{deal.pk}/").status_code == 404
    response = client.post(
        f"/housing/console/deals/{deal.pk}/advance/", {"expected_stage": "offer"}
    )
    assert response.status_code == 404
    response = client.post(
        "/housing/console/deals/",
        {
            "listing": home.pk,
            "buyer_name": "x",
            "buyer_phone": "13907331234",
            "agreed_price_yuan": "1",
        },
    )
    assert response.status_code == 400  # no such listing in 醴陵
    assert Deal.objects.count() == 1
