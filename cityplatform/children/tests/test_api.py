"""The registry API: same rules as the pages (jurisdiction, roles, audit, masking)."""

import json

import pytest
from django.utils import timezone

from cityplatform.accounts.services import api_token_create
from cityplatform.audit.models import AuditEntry
from cityplatform.children.identity import id_number_make
from cityplatform.children.models import Child
from cityplatform.children.tests.conftest import HUABU, HUANHUAN_ID, HUANHUAN_PHONE

pytestmark = pytest.mark.django_db


def auth(user):  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t')[1]}"}


def post(client, url, body, user):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json", **auth(user))


def test_needs_auth_and_a_registry_role(client, world) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/children/children").status_code == 401
    response = client.get("/api/children/children", **auth(world.stranger))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_list_is_the_jurisdiction_with_masked_ids(client, world) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/children/children", **auth(world.huabu_director)).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == "李欢欢"
    assert item["id_number_masked"].startswith("430281****")
    assert item["alarm"] is True
    assert HUANHUAN_ID not in json.dumps(body)
    county = client.get("/api/children/children", {"alarm": "true"}, **auth(world.bureau)).json()
    assert [i["id"] for i in county["items"]] == [world.huanhuan.pk]


def test_search_is_a_post_and_finds_by_exact_number(client, world) -> None:  # type: ignore[no-untyped-def]
    found = post(
        client, "/api/children/search", {"id_number": HUANHUAN_ID}, world.litian_supervisor
    )
    assert [c["id"] for c in found.json()] == [world.huanhuan.pk]
    assert post(client, "/api/children/search", {"q": "欢"}, world.mft_director).json() == []
    bad = post(client, "/api/children/search", {"id_number": "12"}, world.bureau)
    assert bad.status_code == 422
    assert AuditEntry.objects.filter(action="search").count() == 2


def test_detail_audited_and_404_outside(client, world) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/children/children/{world.huanhuan.pk}"
    body = client.get(url, **auth(world.huabu_director)).json()
    assert body["guardians"][0]["phone"] == HUANHUAN_PHONE
    assert "id_number" not in body
    assert AuditEntry.objects.filter(action="view", object_id=str(world.huanhuan.pk)).exists()
    response = client.get(url, **auth(world.mft_director))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_reveal_for_bureau_only(client, world) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/children/children/{world.huanhuan.pk}/id-number"
    assert post(client, url, {}, world.huabu_director).status_code == 403
    assert post(client, url, {}, world.centre).json()["id_number"] == HUANHUAN_ID


def test_register_update_and_bad_input(client, world) -> None:  # type: ignore[no-untyped-def]
    import datetime

    born = datetime.date(2016, 2, 29)
    body = {
        "name": "李欣欣",
        "sex": "F",
        "birth_date": "2016-02-29",
        "village_code": HUABU,
        "categories": ["unsupported"],
        "guardianship": "lacking_epidemic",
        "id_number": id_number_make("430281", born, 46),
        "guardians": [{"name": "李大明", "relation": "father", "situation": "quarantined"}],
    }
    response = post(client, "/api/children/children", body, world.huabu_director)
    assert response.status_code == 201, response.content
    child = Child.objects.get(pk=response.json()["id"])
    assert child.guardians.count() == 1

    again = post(client, "/api/children/children", body, world.huabu_director)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "duplicate_id_number"

    future = post(
        client,
        "/api/children/children",
        {**body, "birth_date": "2999-01-01", "id_number": ""},
        world.huabu_director,
    )
    assert future.status_code == 422
    assert "birth_date" in future.json()["error"]["fields"]

    elsewhere = post(
        client,
        "/api/children/children",
        {**body, "village_code": "430281002001", "id_number": ""},
        world.huabu_director,
    )
    assert elsewhere.status_code == 403

    patched = client.patch(
        f"/api/children/children/{child.pk}",
        json.dumps({"school": "华埠小学"}),
        content_type="application/json",
        **auth(world.litian_supervisor),
    )
    assert patched.status_code == 200
    assert patched.json()["school"] == "华埠小学"
    history = client.get(f"/api/children/children/{child.pk}/history", **auth(world.bureau)).json()
    assert [e["kind"] for e in history] == ["updated", "registered"]


def test_care_and_dashboard(client, world) -> None:  # type: ignore[no-untyped-def]

    today = timezone.localdate().isoformat()
    pk = world.huanhuan.pk
    board = client.get("/api/children/dashboard", **auth(world.litian_supervisor)).json()
    assert board["alarm_child_ids"] == [pk]
    created = post(
        client,
        f"/api/children/children/{pk}/arrangements",
        {"kind": "fallback", "responsible_person": "陈主任", "starts_on": today},
        world.centre,
    )
    assert created.status_code == 201
    board = client.get("/api/children/dashboard", {"place": HUABU}, **auth(world.bureau)).json()
    assert board["alarm_child_ids"] == []
    given = post(
        client,
        f"/api/children/children/{pk}/assistance",
        {
            "given_on": today,
            "given_by": "民政局",
            "items": [{"item": "书包", "quantity": 1, "unit": "个"}],
            "cash_amount": "1000.00",
            "cash_purpose": "慰问金",
        },
        world.bureau,
    )
    assert given.status_code == 201
    detail = client.get(f"/api/children/children/{pk}", **auth(world.bureau)).json()
    assert detail["assistance"][0]["cash_amount"] == "1000.00"
    assert (
        client.get(
            "/api/children/dashboard", {"place": "430281002000"}, **auth(world.litian_supervisor)
        ).status_code
        == 404
    )


def test_hotline_api(client, world) -> None:  # type: ignore[no-untyped-def]
    created = post(
        client,
        "/api/children/hotline/calls",
        {
            "concern": "孩子独自在家",
            "urgency": "urgent",
            "child_id": world.huanhuan.pk,
            "caller_phone": "13512345678",
        },
        world.bureau,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["place_code"] == HUABU
    assert body["caller_phone"] == "135****5678"
    listed = client.get("/api/children/hotline/calls", **auth(world.litian_supervisor)).json()
    assert listed["count"] == 1
    responded = post(
        client,
        f"/api/children/hotline/calls/{body['id']}/respond",
        {"note": "已处理"},
        world.huabu_director,
    )
    assert responded.status_code == 200
    assert responded.json()["response_minutes"] is not None
    assert (
        client.get(
            f"/api/children/hotline/calls/{body['id']}", **auth(world.mft_director)
        ).status_code
        == 404
    )


def test_export_api_is_audited(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/children/export", **auth(world.huabu_director))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export").count() == 1
