"""GET /api/housing/listings: keywords, filters, sorting, the public shape."""

import io
from typing import Any

import pytest
from django.core.management import call_command

from cityplatform.housing.models import Listing

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
    assert body["count"] == 39  # 41 listings, one of them sold and one under offer
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


def test_type_decoration_district_and_the_other_sorts(client, demo) -> None:  # type: ignore[no-untyped-def]
    apartments = search(client, building_type="apartment", page_size=100)["items"]
    assert {"恒大名都", "旺城天悦"} <= set(communities({"items": apartments}))
    assert all(item["building_type"] == "apartment" for item in apartments)
    fine = search(client, decoration="fine", page_size=100)["items"]
    assert fine
    assert all(item["decoration"] == "fine" for item in fine)
    tianyuan = search(client, district="天元区", page_size=100)["items"]
    assert communities({"items": tianyuan}) == ["金涛小区"]
    for sort, reverse in (("unit_price", False), ("-unit_price", True)):
        units = [
            item["unit_price_yuan"] for item in search(client, sort=sort, page_size=100)["items"]
        ]
        known = [u for u in units if u is not None]
        assert known == sorted(known, reverse=reverse)
    for sort, reverse in (("newest", True), ("oldest", False)):
        ids = [item["id"] for item in search(client, sort=sort, page_size=100)["items"]]
        listed = dict(Listing.objects.filter(pk__in=ids).values_list("pk", "first_listed_at"))
        dates = [listed[pk] for pk in ids]
        assert dates == sorted(dates, reverse=reverse)


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
