"""The JSON API: public developments and enquiries; enquiries for handlers and
developments for editors, behind auth."""

import pytest

from cityplatform.accounts.services import api_token_create
from cityplatform.audit.models import AuditEntry
from cityplatform.developments.models import Development, Enquiry, UnitType
from cityplatform.developments.services import development_update
from cityplatform.developments.tests.conftest import enquire

pytestmark = pytest.mark.django_db

ENQUIRY = {"name": "王女士", "phone": "13812345678", "contact_time": "evening", "message": "看房"}


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


@pytest.fixture
def hotline(db) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.portal.models import PlatformContact

    PlatformContact.objects.create(
        name="株洲市城市综合服务信息平台",
        address="天元区韶山路568号",
        hotlines="28200686",
        housing_hotline="28200686",
    )


def test_list_is_paginated_with_money_as_decimal_strings(client, world) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/developments/developments", {"page_size": 1}).json()
    assert set(body) == {"items", "count", "page", "page_size", "pages"}
    assert (body["count"], body["pages"]) == (2, 2)
    item = body["items"][0]
    assert item["name"] == "湘江翠湾"
    assert (item["district"], item["district_code"]) == ("天元区", "430211000000")
    assert (item["min_unit_price"], item["max_unit_price"]) == ("8800.00", "11500.00")
    assert item["min_total_price"] == "780000.00"
    assert (item["min_area_m2"], item["max_area_m2"], item["units_available"]) == (
        "89.00",
        "143.00",
        46,
    )
    assert item["status"] == "on_sale"
    assert item["status_label"] == "在售"
    assert item["url"] == f"/developments/{world.cuiwan.pk}/"


def test_list_filters(client, world) -> None:  # type: ignore[no-untyped-def]
    def names(**query: object) -> list[str]:
        return [
            d["name"] for d in client.get("/api/developments/developments", query).json()["items"]
        ]

    assert names(district="醴陵市") == ["醴陵瓷都壹号"]
    assert names(status="upcoming") == ["醴陵瓷都壹号"]
    assert names(min_price="9000") == ["湘江翠湾"]
    assert names(bedrooms=4) == ["湘江翠湾"]
    for bad in ({"status": "bogus"}, {"bedrooms": 21}, {"min_price": "-1"}, {"page": 0}):
        response = client.get("/api/developments/developments", bad)
        assert response.status_code == 422, bad
        assert response.json()["error"]["code"] == "invalid"


def test_detail_has_unit_types_photos_summary_and_the_hotline(client, world, hotline) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/developments/developments/{world.cuiwan.pk}").json()
    assert [u["name"] for u in body["unit_types"]] == ["两室两厅", "三室两厅", "四室两厅"]
    assert body["unit_types"][0] == {
        "id": body["unit_types"][0]["id"],
        "name": "两室两厅",
        "bedrooms": 2,
        "living_rooms": 2,
        "bathrooms": 1,
        "area_m2": "89.00",
        "available_units": 20,
        "reference_price": "798000.00",
    }
    assert body["price_summary"]["units_available"] == 46
    assert body["hotline"] == "28200686"
    assert body["photos"] == []
    assert "临江而建" in body["description_html"]


def test_hidden_and_absent_developments_are_404(client, world) -> None:  # type: ignore[no-untyped-def]
    development_update(development=world.cuiwan, actor=None, is_published=False)
    for pk in (world.cuiwan.pk, 999999, 2**70):
        response = client.get(f"/api/developments/developments/{pk}")
        assert response.status_code == 404, pk
        assert response.json()["error"]["code"] == "not_found"
    response = client.post(
        f"/api/developments/developments/{world.cuiwan.pk}/enquiries",
        ENQUIRY,
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Enquiry.objects.exists()


def test_submit_an_enquiry(client, world) -> None:  # type: ignore[no-untyped-def]
    unit_type = world.cuiwan.unit_types.get(name="三室两厅")
    response = client.post(
        f"/api/developments/developments/{world.cuiwan.pk}/enquiries",
        {**ENQUIRY, "unit_type_id": unit_type.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "status", "created_at"}  # nothing of the buyer comes back
    enquiry = Enquiry.objects.get(pk=body["id"])
    assert (enquiry.phone, enquiry.unit_type) == ("13812345678", unit_type)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "请输入有效的电话号码"),
        ({"name": " "}, "name", "这个字段是必填项。"),
        ({"unit_type_id": 999999}, "unit_type", "请选择本楼盘的户型。"),
    ],
)
def test_bad_enquiries_are_422_in_chinese_and_not_stored(
    client, world, changes, field, message
) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/developments/developments/{world.cuiwan.pk}/enquiries",
        {**ENQUIRY, **changes},
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert message in error["fields"][field][0]
    assert message in error["message"]
    assert not Enquiry.objects.exists()


def test_enquiries_are_throttled_per_client_address(client, world) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/developments/developments/{world.cuiwan.pk}/enquiries"
    statuses = [
        client.post(url, ENQUIRY, content_type="application/json").status_code for _ in range(11)
    ]
    assert statuses == [201] * 10 + [429]
    body = client.post(url, ENQUIRY, content_type="application/json").json()
    assert body["error"]["code"] == "too_many_requests"
    assert "请一分钟后再试" in body["error"]["message"]
    assert Enquiry.objects.count() == 10
    other = client.post(url, ENQUIRY, content_type="application/json", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 201
    # A forged X-Forwarded-For does not buy a new budget.
    forged = client.post(
        url, ENQUIRY, content_type="application/json", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert forged.status_code == 429


def test_staff_enquiry_list_needs_auth_and_the_role(client, world) -> None:  # type: ignore[no-untyped-def]
    enquire(world.cuiwan)
    enquire(world.cidu, phone="13900000000")
    assert client.get("/api/developments/enquiries").status_code == 401
    for user in (world.stranger, world.editor):
        response = client.get("/api/developments/enquiries", headers=_bearer(user))
        assert response.status_code == 403
        assert response.json()["error"]["message"] == "只有购房咨询专员可以查看咨询。"
    body = client.get("/api/developments/enquiries", headers=_bearer(world.handler)).json()
    assert body["count"] == 2
    assert {e["phone"] for e in body["items"]} == {"138****5678", "139****0000"}
    body = client.get("/api/developments/enquiries", headers=_bearer(world.liling_handler)).json()
    assert [e["development_name"] for e in body["items"]] == ["醴陵瓷都壹号"]


def test_staff_enquiry_detail_transition_and_note(client, world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    headers = _bearer(world.handler)
    url = f"/api/developments/enquiries/{enquiry.pk}"
    assert client.get(url, headers=_bearer(world.liling_handler)).status_code == 404
    body = client.get(url, headers=headers).json()
    assert body["phone"] == "13812345678"
    assert AuditEntry.objects.filter(
        action="view", object_type="developments.enquiry", object_id=str(enquiry.pk)
    ).exists()
    response = client.post(
        f"{url}/transition",
        {"to_status": "contacted", "note": "已回电"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "contacted"
    again = client.post(
        f"{url}/transition",
        {"to_status": "contacted"},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"
    note = client.post(
        f"{url}/notes", {"note": "周六看房"}, content_type="application/json", headers=headers
    )
    assert note.status_code == 201
    assert [e["note"] for e in note.json()["events"]] == ["已回电", "周六看房"]


NEW_DEVELOPMENT = {
    "name": "芦淞锦绣华庭",
    "developer_name": "芦淞锦绣房地产开发有限公司",
    "developer_credit_code": "91110000600037341L",
    "place": "430203000000",
    "address": "芦淞区服饰城东侧",
    "min_unit_price": "6800",
    "max_unit_price": "7900.50",
    "promotion_starts_on": "2026-01-01",
    "promotion_ends_on": "2099-12-31",
    "features": ["近商圈"],
    "is_published": True,
    "unit_types": [
        {
            "name": "三室两厅",
            "bedrooms": 3,
            "living_rooms": 2,
            "bathrooms": 2,
            "area_m2": "105",
            "available_units": 60,
        }
    ],
}


def test_editor_creates_a_development_with_unit_types(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/developments/developments",
        NEW_DEVELOPMENT,
        content_type="application/json",
        headers=_bearer(world.editor),
    )
    assert response.status_code == 201, response.json()
    development = Development.objects.get(pk=response.json()["id"])
    assert development.max_unit_price == __import__("decimal").Decimal("7900.50")
    assert development.unit_types.get().area_m2 == 105
    public = client.get(f"/api/developments/developments/{development.pk}").json()
    assert public["max_unit_price"] == "7900.50"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"unit_types": [{"name": "x", "bedrooms": 3, "area_m2": "0"}]},
            "unit_types.0.area_m2",
            "面积须大于0且不超过10,000㎡。",
        ),
        (
            {"unit_types": [{"name": "x", "bedrooms": 3, "area_m2": "10001"}]},
            "unit_types.0.area_m2",
            "面积须大于0且不超过10,000㎡。",
        ),
        (
            {"unit_types": [{"name": "x", "bedrooms": 21, "area_m2": "90"}]},
            "unit_types.0.bedrooms",
            "房间数必须在 0 到 20 之间。",
        ),
        (
            {"min_unit_price": "-10"},
            "min_unit_price",
            "单价必须大于 0 且不超过每平方米 500,000 元。",
        ),
        (
            {"max_total_price": "99999999999"},
            "max_total_price",
            "总价必须大于 0 且不超过 1,000,000,000 元。",
        ),
        (
            {"min_unit_price": "9000", "max_unit_price": "8000"},
            "max_unit_price",
            "最低单价不能高于最高单价。",
        ),
        (
            {"developer_credit_code": "123"},
            "developer_credit_code",
            "请输入有效的18位统一社会信用代码。",
        ),
        ({"place": "430281002000"}, "place", "请选择一个区、县或县级市。"),
        ({"place": "999999999999"}, "place", "请选择一个区、县或县级市。"),
    ],
)
def test_bad_developments_are_422_in_chinese_and_nothing_is_saved(
    client, world, changes, field, message
) -> None:  # type: ignore[no-untyped-def]
    before = (Development.objects.count(), UnitType.objects.count())
    response = client.post(
        "/api/developments/developments",
        {**NEW_DEVELOPMENT, **changes},
        content_type="application/json",
        headers=_bearer(world.editor),
    )
    assert response.status_code == 422, response.json()
    error = response.json()["error"]
    assert message in error["fields"][field]
    assert (Development.objects.count(), UnitType.objects.count()) == before


def test_editor_endpoints_need_the_role_and_the_district(client, world) -> None:  # type: ignore[no-untyped-def]
    url = "/api/developments/developments"
    assert client.post(url, NEW_DEVELOPMENT, content_type="application/json").status_code == 401
    assert (
        client.post(
            url, NEW_DEVELOPMENT, content_type="application/json", headers=_bearer(world.handler)
        ).status_code
        == 403
    )
    assert (
        client.post(
            url,
            NEW_DEVELOPMENT,
            content_type="application/json",
            headers=_bearer(world.liling_editor),
        ).status_code
        == 403
    )
    status_url = f"/api/developments/developments/{world.cuiwan.pk}/status"
    response = client.post(
        status_url,
        {"to_status": "sold_out"},
        content_type="application/json",
        headers=_bearer(world.liling_editor),
    )
    assert response.status_code == 404
    assert not Development.objects.filter(name=NEW_DEVELOPMENT["name"]).exists()


def test_editor_moves_the_status_and_adds_unit_types(client, world) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(world.editor)
    url = f"/api/developments/developments/{world.cidu.pk}"
    bad = client.post(
        f"{url}/status", {"to_status": "sold_out"}, content_type="application/json", headers=headers
    )
    assert bad.status_code == 409
    assert bad.json()["error"]["message"] == "“待售”的楼盘不能变为“售罄”。"
    ok = client.post(
        f"{url}/status", {"to_status": "on_sale"}, content_type="application/json", headers=headers
    )
    assert ok.json()["status"] == "on_sale"
    added = client.post(
        f"{url}/unit-types",
        {
            "name": "四室两厅",
            "bedrooms": 4,
            "living_rooms": 2,
            "bathrooms": 2,
            "area_m2": "139.5",
            "reference_price": "860000",
        },
        content_type="application/json",
        headers=headers,
    )
    assert added.status_code == 201
    assert added.json()["area_m2"] == "139.50"
    refused = client.post(
        f"{url}/unit-types",
        {"name": "怪户型", "bedrooms": 3, "area_m2": "-1"},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422
    assert not UnitType.objects.filter(name="怪户型").exists()
