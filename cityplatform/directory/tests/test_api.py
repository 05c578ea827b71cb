"""The JSON API: public directory and requests, staff requests behind auth."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from cityplatform.accounts.services import api_token_create
from cityplatform.directory.models import ServiceRequest
from cityplatform.directory.tests.conftest import submit

pytestmark = pytest.mark.django_db

BODY = {"name": "王女士", "phone": "13812345678", "address": "天元区泰山路88号", "need": "白蚁"}


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def test_categories(client, world) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/directory/categories").json()
    assert [c["name"] for c in body] == ["害虫防治"]


def test_providers_are_paginated(client, world, make_provider) -> None:  # type: ignore[no-untyped-def]
    make_provider("不公开的公司", is_published=False)
    body = client.get("/api/directory/providers", {"page_size": 1}).json()
    assert set(body) == {"items", "count", "page", "page_size", "pages"}
    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (2, 1, 1, 2)
    item = body["items"][0]
    assert item["hotlines"]
    assert item["category"]["name"] == "害虫防治"
    assert item["place_code"] == "430211000000"
    second = client.get("/api/directory/providers", {"page_size": 1, "page": 2}).json()
    assert second["items"][0]["id"] != item["id"]


def test_provider_search_and_filter(client, world, category) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/directory/providers", {"q": "白蚁"}).json()
    assert [p["name"] for p in body["items"]] == ["株洲市白蚁防治有限公司"]
    assert client.get("/api/directory/providers", {"category": category.pk}).json()["count"] == 2
    assert client.get("/api/directory/providers", {"category": "x"}).status_code == 422


def test_provider_detail_and_404_shape(client, world, make_provider) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/directory/providers/{world.baiyi.pk}").json()
    assert body["slogan"] == ["让您的生活远离虫害烦恼"]
    assert body["ownership"] == "state_owned"
    hidden = make_provider("不公开的公司", is_published=False)
    for pk in (hidden.pk, 999999, 2**70):
        response = client.get(f"/api/directory/providers/{pk}")
        assert response.status_code == 404, pk
        assert response.json()["error"]["code"] == "not_found"


def test_submit_request(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/directory/providers/{world.baiyi.pk}/requests", BODY, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "new"
    assert ServiceRequest.objects.get().pk == body["id"]


def test_submit_request_invalid_is_422_with_fields(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/directory/providers/{world.baiyi.pk}/requests",
        {**BODY, "phone": "12345", "need": " "},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    assert set(error["fields"]) == {"phone", "need"}
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[]", '{"name": 1}', "{}"])
def test_malformed_bodies_never_500(client, world, body) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/directory/providers/{world.baiyi.pk}/requests", body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert {"code", "message"} <= set(response.json()["error"])


def test_submit_to_unpublished_is_404(client, make_provider) -> None:  # type: ignore[no-untyped-def]
    hidden = make_provider("不公开的公司", is_published=False)
    response = client.post(
        f"/api/directory/providers/{hidden.pk}/requests", BODY, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_requests_need_auth(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/directory/requests")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    response = client.get("/api/directory/requests", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    obj = submit(world.baiyi)
    response = client.post(
        f"/api/directory/requests/{obj.pk}/transition",
        {"to_status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_token_lists_own_requests_with_masked_phone(client, world) -> None:  # type: ignore[no-untyped-def]
    submit(world.baiyi)
    submit(world.cehui, name="陈先生")
    body = client.get("/api/directory/requests", headers=_bearer(world.baiyi_staff)).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["phone"] == "138****5678"
    assert item["is_overdue"] is False
    assert item["provider_name"] == "株洲市白蚁防治有限公司"
    stranger = client.get("/api/directory/requests", headers=_bearer(world.stranger)).json()
    assert stranger["count"] == 0


def test_transition_via_api(client, world) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi)
    url = f"/api/directory/requests/{obj.pk}/transition"
    headers = _bearer(world.baiyi_staff)
    response = client.post(
        url,
        {"to_status": "contacted", "note": "已联系"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "contacted"
    response = client.post(
        url, {"to_status": "new"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    response = client.post(
        url, {"to_status": "bogus"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 422


def test_transition_of_other_providers_request_is_404(client, world) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.cehui)
    response = client.post(
        f"/api/directory/requests/{obj.pk}/transition",
        {"to_status": "done"},
        content_type="application/json",
        headers=_bearer(world.baiyi_staff),
    )
    assert response.status_code == 404
    obj.refresh_from_db()
    assert obj.status == "new"


def test_request_submissions_are_throttled(client, world) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/directory/providers/{world.baiyi.pk}/requests"
    statuses = [
        client.post(
            url,
            {**BODY, "phone": "12"},
            content_type="application/json",
            headers={"X-Forwarded-For": f"10.0.0.{i}"},  # spoofing does not help
        ).status_code
        for i in range(31)
    ]
    assert statuses[:30] == [422] * 30
    assert statuses[30] == 429
