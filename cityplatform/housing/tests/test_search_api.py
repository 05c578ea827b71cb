"""GET /api/housing/listings: keywords, filters, sorting, the public shape."""

import io
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(places: None) -> None:
    call_command("load_demo", "portal", "housing", stdout=io.StringIO())


def search(client: Any, **params: Any) -> dict[str, Any]:
    response = client.get("/api/housing/listings", params)
    assert response.status_code == 200, response.content
    return response.json()


def communities(body: dict[str, Any]) -> list[str]:
    return [item["community"] for item in body["items"]]


def test_every_published_seed_listing_is_searchable(client, demo) -> None:  # type: ignore[no-untyped-def]
    body = search(client, page_size=100)
    assert body["count"] == 41
    item = body["items"][0]
    assert {
        "id", "community", "district", "bedrooms", "living_rooms", "bathrooms", "area_m2",
        "price_yuan", "unit_price_yuan", "features", "verified", "url",
    } <= set(item)  # fmt: skip
    assert "owner_phone" not in item
    assert "owner_name" not in item


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("二中", "春藤小镇"),
        ("家电齐全", "恒大名都"),
        ("复式", "玫瑰名城"),
        ("操坪小区", "老一医院宿舍"),
    ],
)
def test_chinese_keywords_find_listings(client, demo, q, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in communities(search(client, q=q, page_size=100))


def test_nonsense_finds_nothing(client, demo) -> None:  # type: ignore[no-untyped-def]
    assert search(client, q="火星基地")["count"] == 0


def test_filters_and_sorting(client, demo) -> None:  # type: ignore[no-untyped-def]
    body = search(client, min_price=800_000, max_price=1_000_000, sort="price", page_size=100)
    prices = [item["price_yuan"] for item in body["items"]]
    assert prices == sorted(prices)
    assert all(800_000 <= p <= 1_000_000 for p in prices)
    body = search(client, bedrooms=4, sort="-area", page_size=100)
    areas = [item["area_m2"] for item in body["items"]]
    assert areas == sorted(areas, reverse=True)
    assert all(item["bedrooms"] == 4 for item in body["items"])
    assert search(client, min_area=150, max_area=200)["count"] >= 3
    assert search(client, community="美的城")["count"] == 2


def test_one_listing_and_absent_ones(client, demo) -> None:  # type: ignore[no-untyped-def]
    first = search(client)["items"][0]
    assert first["url"] == f"/housing/{first['id']}/"
    assert client.get(f"/api/housing/listings/{first['id']}").json()["id"] == first["id"]
    missing = client.get("/api/housing/listings/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    "params",
    [{"min_price": -1}, {"bedrooms": 99}, {"sort": "cheapest"}, {"max_area": 20000}, {"page": 0}],
)
def test_bad_input_is_a_422_with_the_error_shape(client, demo, params) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/housing/listings", params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
