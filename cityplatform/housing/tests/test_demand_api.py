"""POST /api/housing/demands (public, throttled) and GET /api/housing/demands/{id}/matches
(staff, jurisdiction)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from cityplatform.accounts.services import api_token_create
from cityplatform.housing.models import BuyerDemand, DemandMatchKey
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.demand_helpers import register
from conftest import TIANYUAN

pytestmark = pytest.mark.django_db

BODY: dict[str, Any] = {
    "buyer_name": "李女士",
    "buyer_phone": "139-1234-5678",
    "districts": ["天元区"],
    "budget_min_yuan": 700_000,
    "budget_max_yuan": 1_000_000,
    "bedrooms_min": 2,
    "bedrooms_max": 3,
    "features": ["家电齐全"],
    "keywords": "二中",
    "notice_preference": "digest",
    "digest_max_listings": 3,
}


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def post(client: Any, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(
        "/api/housing/demands", body, content_type="application/json", headers=headers
    )


def _bearer(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def test_anyone_registers_a_demand(client, places) -> None:  # type: ignore[no-untyped-def]
    response = post(client, BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "status", "message", "hotline"}
    assert body["status"] == "open"
    assert "13912345678" not in response.content.decode()
    assert "李女士" not in response.content.decode()
    demand = BuyerDemand.objects.get(pk=body["id"])
    assert (demand.buyer_phone, demand.place_id, demand.source) == (
        "13912345678",
        TIANYUAN,
        "online",
    )
    assert (demand.notice_preference, demand.digest_max_listings) == ("digest", 3)
    assert DemandMatchKey.objects.filter(demand=demand).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"buyer_phone": "12345"}, "buyer_phone", "请输入有效的电话号码"),
        ({"budget_min_yuan": 2_000_000}, "budget_min_yuan", "预算下限高于上限"),
        ({"bedrooms_min": 4}, "bedrooms_min", "卧室数"),
        ({"bedrooms_max": 25}, "bedrooms_max", "0到20"),
        ({"area_min_m2": "0"}, "area_min_m2", "面积"),
        ({"budget_max_yuan": -1}, "budget_max_yuan", "价格"),
        ({"districts": ["火星区"]}, "districts", "火星区"),
    ],
)
def test_bad_demands_are_a_422_in_chinese_and_store_nothing(  # type: ignore[no-untyped-def]
    client, places, changes, field, message
) -> None:
    response = post(client, {**BODY, **changes})
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]
    assert message in " ".join(error["fields"][field]), error
    assert not BuyerDemand.objects.exists()


def test_a_body_of_the_wrong_shape_is_a_422(client, places) -> None:  # type: ignore[no-untyped-def]
    response = post(client, {**BODY, "budget_max_yuan": "很多"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert post(client, {"buyer_name": "x"}).status_code == 422
    assert not BuyerDemand.objects.exists()


def test_registrations_are_throttled_per_client_address(client, places) -> None:  # type: ignore[no-untyped-def]
    statuses = [
        post(client, {**BODY, "buyer_phone": "1"}, **{"X-Forwarded-For": f"10.0.0.{i}"}).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_staff_get_the_ranked_matches_with_reasons(  # type: ignore[no-untyped-def]
    client, people, make_listing
) -> None:
    cheap = publish(make_listing(price_yuan=720_000, consigned_price_yuan=720_000))
    dear = publish(make_listing(area_m2="100", features=["家电齐全"]))
    publish(make_listing(area_m2="90", price_yuan=1_500_000, consigned_price_yuan=1_500_000))
    demand = register(features=["家电齐全"])
    response = client.get(
        f"/api/housing/demands/{demand.pk}/matches", headers=_bearer(people.staff)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["demand_id"] == demand.pk
    assert [item["listing"]["id"] for item in body["items"]] == [dear.pk, cheap.pk]
    first = body["items"][0]
    assert first["score"] > body["items"][1]["score"]
    assert "满足必备特色：家电齐全" in first["reasons"]
    assert "总价在预算内" in first["reasons"]
    assert first["listing"]["url"] == f"/housing/{dear.pk}/"
    assert "owner_phone" not in response.content.decode()
    assert "13873312345" not in response.content.decode()
    limited = client.get(
        f"/api/housing/demands/{demand.pk}/matches", {"limit": 1}, headers=_bearer(people.staff)
    )
    assert len(limited.json()["items"]) == 1


def test_matches_are_for_staff_of_the_demands_district(client, people) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    url = f"/api/housing/demands/{demand.pk}/matches"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=_bearer(people.stranger)).status_code == 404
    assert client.get(url, headers=_bearer(people.liling_staff)).status_code == 404
    assert client.get(url, headers=_bearer(people.city_staff)).status_code == 200
    missing = client.get("/api/housing/demands/999999/matches", headers=_bearer(people.staff))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
