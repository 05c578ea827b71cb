"""Buyers whose viewings are cancelled because the home left the market are called:
the cancellation creates a call for the viewing's staff member in the same
transaction, listed on the console until the call is recorded."""

from typing import Any

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import Listing, Viewing, ViewingCall, ViewingStatus
from cityplatform.housing.services import market_exit
from cityplatform.housing.staff_selectors import viewing_calls_to_make
from cityplatform.housing.tests.conftest import publish, sell
from cityplatform.housing.tests.scheduling import days_ahead, set_clock

pytestmark = pytest.mark.django_db
CONSOLE = "/housing/console/"


@pytest.fixture
def home(make_listing: Any) -> Listing:
    return publish(make_listing())


def book(listing: Listing, staff: Any, days: int, hour: int, name: str = "李女士") -> Viewing:
    return services.viewing_book(
        listing=listing,
        actor=staff,
        buyer_name=name,
        buyer_phone="13873310000",
        starts_at=days_ahead(days, hour),
    )


def section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</section>", start)]


def test_a_withdrawal_asks_each_viewings_staff_member_to_call_its_buyer(  # type: ignore[no-untyped-def]
    home, people, monkeypatch
) -> None:
    book(home, people.staff, 1, 10)  # begun by the time of the withdrawal
    mine = book(home, people.staff, 2, 15, name="周先生")
    colleagues = book(home, people.city_staff, 3, 9, name="吴女士")
    declined = book(home, people.staff, 4, 9)
    services.viewing_record_outcome(viewing=declined, actor=people.staff, status="cancelled")
    set_clock(monkeypatch, days_ahead(1, 10, 30))  # the first viewing is under way

    services.listing_withdraw(listing=home, actor=people.staff, note="业主不卖了")

    calls = {c.viewing_id: c for c in ViewingCall.objects.all()}
    assert set(calls) == {mine.pk, colleagues.pk}  # not the begun one, nor the declined
    assert calls[mine.pk].staff == people.staff
    assert calls[colleagues.pk].staff == people.city_staff
    assert all(c.reason == "The listing was withdrawn: 业主不卖了" for c in calls.values())
    assert all(c.is_open for c in calls.values())
    assert list(viewing_calls_to_make(people.staff)) == [calls[mine.pk]]
    assert list(viewing_calls_to_make(people.city_staff)) == [calls[colleagues.pk]]
    assert list(viewing_calls_to_make(people.stranger)) == []


def test_expiry_and_a_sale_ask_for_calls_too(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    stale = publish(make_listing())
    sold = publish(make_listing(area_m2="90"))
    expired_viewing = book(stale, people.staff, 2, 10)
    sold_viewing = book(sold, people.staff, 2, 15)
    Listing.objects.filter(pk=stale.pk).update(refreshed_at=days_ahead(-31, 10))
    assert services.listing_expire_stale() == 1
    deal = sell(sold, people.staff, people.staff)
    reasons = dict(ViewingCall.objects.values_list("viewing_id", "reason"))
    assert reasons == {
        expired_viewing.pk: "The listing expired: Not refreshed for 30 days.",
        sold_viewing.pk: f"The home was sold through deal #{deal.pk}.",
    }


def test_no_call_when_the_withdrawal_rolls_back(home, people) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, 1, 10)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("the database went away")

    # Fails after the viewings were cancelled and the calls written.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(market_exit, "pending_notices_skip", broken)
        with pytest.raises(RuntimeError):
            services.listing_withdraw(listing=home, actor=people.staff)
    assert Viewing.objects.get(pk=viewing.pk).status == ViewingStatus.SCHEDULED
    assert not ViewingCall.objects.exists()


def test_the_console_lists_the_calls_and_records_them(client, home, people) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, 2, 15, name="周先生")
    services.listing_withdraw(listing=home, actor=people.staff, note="业主不卖了")
    call = ViewingCall.objects.get()
    client.force_login(people.staff)
    listed = section(client.get(CONSOLE).content.decode(), "viewings-today")
    assert f'data-call="{call.pk}"' in listed
    assert "周先生" in listed
    assert "138****0000" in listed  # masked: the full number is on the admin page
    assert "13873310000" not in listed
    assert "业主不卖了" in listed

    # Only the jurisdiction's staff may record it.
    client.force_login(people.liling_staff)
    assert client.post(f"{CONSOLE}viewing-calls/{call.pk}/done/").status_code == 404
    client.force_login(people.stranger)
    assert client.post(f"{CONSOLE}viewing-calls/{call.pk}/done/").status_code == 404

    client.force_login(people.staff)
    response = client.post(
        f"{CONSOLE}viewing-calls/{call.pk}/done/", {"note": "已告知，推荐了别的房"}, follow=True
    )
    assert response.status_code == 200
    call.refresh_from_db()
    assert (call.called_by, call.note) == (people.staff, "已告知，推荐了别的房")
    assert call.called_at is not None
    assert f'data-call="{call.pk}"' not in section(response.content.decode(), "viewings-today")
    assert AuditEntry.objects.filter(
        object_type="housing.viewingcall", object_id=str(call.pk), action="update"
    ).exists()
    assert viewing.pk == call.viewing_id

    # Recorded twice (a double click): refused, the first stays.
    response = client.post(
        f"{CONSOLE}viewing-calls/{call.pk}/done/", {"note": "又打了"}, follow=True
    )
    assert "已致电过该买家。" in response.content.decode()
    call.refresh_from_db()
    assert call.note == "已告知，推荐了别的房"
    with pytest.raises(DomainError) as info:
        services.viewing_call_done(call=call, actor=people.city_staff)
    assert (info.value.code, info.value.status) == ("already_called", 409)


def test_the_viewing_admin_page_shows_the_call(client, home, people) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, 2, 15)
    services.listing_withdraw(listing=home, actor=people.staff, note="业主不卖了")
    client.force_login(people.staff)
    page = client.get(f"/admin/housing/viewing/{viewing.pk}/change/").content.decode()
    assert "13873310000" in page  # the number to call, in full (the view is audited)
    assert "看房取消致电" in page
    assert "The listing was withdrawn: 业主不卖了" in page  # stored as written at the time
