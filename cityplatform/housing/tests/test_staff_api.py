"""The staff API: viewings and deals under /api/housing/, with auth, jurisdiction,
409 on a move the workflow refuses and 422 on bad input."""

from typing import Any

import pytest
from django.utils import timezone

from cityplatform.accounts.services import api_token_create
from cityplatform.housing.models import Deal, ListingStatus, Viewing
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.scheduling import days_ahead, set_clock

pytestmark = pytest.mark.django_db
API = "/api/housing"


@pytest.fixture
def home(make_listing: Any) -> Any:
    return publish(make_listing())


@pytest.fixture
def staff_client(client: Any, people: Any) -> Any:
    client.force_login(people.staff)
    return client


def viewing_body(listing: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "listing_id": listing.pk,
        "buyer_name": "李女士",
        "buyer_phone": "13873312345",
        "starts_at": days_ahead(1, 10).isoformat(),
        "duration_minutes": 60,
    }
    body.update(overrides)
    return body


def deal_body(listing: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "listing_id": listing.pk,
        "buyer_name": "赵先生",
        "buyer_phone": "13907331234",
        "agreed_price_yuan": "780000.00",
    }
    body.update(overrides)
    return body


def post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"{API}{path}", body, content_type="application/json")


def test_credentials_and_a_housing_role_are_needed(client, home, people) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"{API}/viewings").status_code == 401
    assert post(client, "/deals", deal_body(home)).status_code == 401
    client.force_login(people.stranger)
    response = client.get(f"{API}/viewings")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert post(client, "/viewings", viewing_body(home)).status_code == 403


def test_a_token_works_too(client, home, people) -> None:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=people.staff, name="console app")
    response = client.post(
        f"{API}/viewings",
        viewing_body(home),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.content


def test_book_list_and_record_a_viewing(staff_client, home, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    response = post(staff_client, "/viewings", viewing_body(home, duration_minutes=45))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["buyer_phone"] == "138****2345"
    assert body["duration_minutes"] == 45
    assert body["status"] == "scheduled"
    assert body["community"] == "金涛小区"
    assert body["staff_id"] == people.staff.pk
    assert timezone.localtime(Viewing.objects.get().starts_at).hour == 10

    listed = staff_client.get(f"{API}/viewings").json()
    assert listed["count"] == 1
    assert "13873312345" not in str(listed)
    tomorrow = days_ahead(1, 0).date().isoformat()
    assert staff_client.get(f"{API}/viewings", {"day": tomorrow}).json()["count"] == 1
    assert staff_client.get(f"{API}/viewings", {"status": "done"}).json()["count"] == 0

    set_clock(monkeypatch, days_ahead(1, 11))
    response = post(
        staff_client, f"/viewings/{body['id']}/outcome", {"status": "done", "notes": "有意向"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["outcome_notes"]) == ("done", "有意向")
    again = post(staff_client, f"/viewings/{body['id']}/outcome", {"status": "cancelled"})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"


def test_a_district_list_and_another_staff_member(client, home, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.city_staff)
    response = post(client, "/viewings", viewing_body(home, staff_id=people.staff.pk))
    assert response.status_code == 201, response.content
    assert response.json()["staff_id"] == people.staff.pk
    assert client.get(f"{API}/viewings").json()["count"] == 0  # not mine
    assert client.get(f"{API}/viewings", {"mine": "false"}).json()["count"] == 1
    refused = post(client, "/viewings", viewing_body(home, staff_id=people.liling_staff.pk))
    assert refused.status_code == 422
    assert "staff" in refused.json()["error"]["fields"]
    unknown = post(client, "/viewings", viewing_body(home, staff_id=999_999))
    assert unknown.status_code == 422


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
def test_days_beyond_the_calendar_we_keep_are_422(staff_client, day) -> None:  # type: ignore[no-untyped-def]
    response = staff_client.get(f"{API}/viewings", {"day": day})
    assert response.status_code == 422, response.content
    assert response.json()["error"]["message"]


def test_double_booking_is_409(staff_client, home) -> None:  # type: ignore[no-untyped-def]
    assert post(staff_client, "/viewings", viewing_body(home)).status_code == 201
    response = post(
        staff_client, "/viewings", viewing_body(home, starts_at=days_ahead(1, 10, 30).isoformat())
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "double_booked"
    assert Viewing.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_at": days_ahead(-1, 10).isoformat()},
        {"starts_at": days_ahead(1, 23).isoformat()},
        {"starts_at": "tomorrow at ten"},
        {"starts_at": "9999-12-31T23:00:00"},  # its end would overflow the calendar
        {"starts_at": "0001-01-01T00:00:00"},
        {"duration_minutes": 1000},
        {"duration_minutes": "long"},
        {"buyer_phone": "12345"},
        {"buyer_name": ""},
        {"listing_id": 0},
    ],
)
def test_bad_viewings_are_422(staff_client, home, overrides) -> None:  # type: ignore[no-untyped-def]
    response = post(staff_client, "/viewings", viewing_body(home, **overrides))
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    assert not Viewing.objects.exists()


def test_listings_outside_the_district_are_404(client, home, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.liling_staff)
    assert post(client, "/viewings", viewing_body(home)).status_code == 404
    assert post(client, "/deals", deal_body(home)).status_code == 404
    client.force_login(people.staff)
    viewing_id = post(client, "/viewings", viewing_body(home)).json()["id"]
    deal_id = post(client, "/deals", deal_body(home)).json()["id"]
    client.force_login(people.liling_staff)
    assert client.get(f"{API}/viewings/{viewing_id}").status_code == 404
    assert client.get(f"{API}/deals/{deal_id}").status_code == 404
    assert post(client, f"/deals/{deal_id}/advance", {}).status_code == 404


def test_a_deal_from_offer_to_closed(staff_client, home) -> None:  # type: ignore[no-untyped-def]
    response = post(staff_client, "/deals", deal_body(home, note="首付已备"))
    assert response.status_code == 201, response.content
    deal = response.json()
    assert deal["stage"] == "offer"
    assert deal["next_stage"] == "contract"
    assert deal["agreed_price_yuan"] == "780000.00"
    assert deal["buyer_phone"] == "139****1234"
    assert deal["events"][0]["note"] == "首付已备"
    # The home left the public search at once.
    assert staff_client.get(f"{API}/listings").json()["count"] == 0

    path = f"/deals/{deal['id']}/advance"
    body = post(staff_client, path, {"expected_stage": "offer", "agreed_price_yuan": "775000.5"})
    assert body.status_code == 200
    assert body.json()["agreed_price_yuan"] == "775000.50"
    stale = post(staff_client, path, {"expected_stage": "offer"})
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stage_changed"
    for _step in range(3):
        assert post(staff_client, path, {}).status_code == 200
    closed = staff_client.get(f"{API}/deals/{deal['id']}").json()
    assert closed["stage"] == "closed"
    assert [e["to_stage"] for e in closed["events"]] == [
        "offer",
        "contract",
        "payment",
        "transfer",
        "closed",
    ]
    home.refresh_from_db()
    assert home.status == ListingStatus.SOLD
    response = post(staff_client, path, {})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    assert post(staff_client, f"/deals/{deal['id']}/fall-through", {"note": "x"}).status_code == 409


def test_a_deal_that_falls_through(staff_client, home) -> None:  # type: ignore[no-untyped-def]
    deal_id = post(staff_client, "/deals", deal_body(home)).json()["id"]
    assert post(staff_client, f"/deals/{deal_id}/fall-through", {"note": ""}).status_code == 422
    response = post(staff_client, f"/deals/{deal_id}/fall-through", {"note": "贷款被拒"})
    assert response.status_code == 200
    assert response.json()["stage"] == "fallen_through"
    assert staff_client.get(f"{API}/listings").json()["count"] == 1  # back in search
    listed = staff_client.get(f"{API}/deals", {"open": "true"}).json()
    assert listed["count"] == 0
    assert staff_client.get(f"{API}/deals").json()["count"] == 1


@pytest.mark.parametrize(
    "price", ["-1", "0", "780000.123", 780000.5, "七十八万", "1e20", None, True]
)
def test_bad_prices_are_422(staff_client, home, price) -> None:  # type: ignore[no-untyped-def]
    response = post(staff_client, "/deals", deal_body(home, agreed_price_yuan=price))
    assert response.status_code == 422, response.content
    assert not Deal.objects.exists()
    home.refresh_from_db()
    assert home.status == ListingStatus.PUBLISHED


def test_a_deal_on_a_home_not_on_the_market_is_409(staff_client, make_listing) -> None:  # type: ignore[no-untyped-def]
    draft = make_listing()
    response = post(staff_client, "/deals", deal_body(draft))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "listing_not_on_market"


@pytest.mark.parametrize("number", ["0", "99999999999999999999999", "-1"])
def test_absurd_ids_are_not_found(staff_client, number) -> None:  # type: ignore[no-untyped-def]
    for path in (f"{API}/viewings/{number}", f"{API}/deals/{number}"):
        assert staff_client.get(path).status_code in (404, 422)
