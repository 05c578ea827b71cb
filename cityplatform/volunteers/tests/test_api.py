"""The JSON API: the public figures and certificate check, the staff's recording."""

from datetime import date

import pytest

from cityplatform.accounts.services import api_token_create
from cityplatform.volunteers.models import Activity, Membership, ServiceRecord, Volunteer
from cityplatform.volunteers.services import certificate_issue
from cityplatform.volunteers.tests.conftest import LI, ZHANG, activity, enrol, serve
from conftest import LILING, SHITING

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


@pytest.fixture
def served(world):  # type: ignore[no-untyped-def]
    zhang = enrol(world.yigong_org, "张三", ZHANG)
    held = activity(world.yigong_org, on=date(2020, 2, 1))
    serve(zhang, held, "2.5")
    return zhang, held


def test_summary(client, served) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/volunteers/summary").json()
    assert body == {
        "organizations": 1,
        "volunteers": 1,
        "activities": 1,
        "person_times": 1,
        "hours": "2.50",
        "from": None,
        "to": None,
        "town": None,
    }
    body = client.get(
        "/api/volunteers/summary", {"from": "2020-02-01", "to": "2020-02-29", "town": SHITING}
    ).json()
    assert (body["person_times"], body["from"], body["town"]) == (
        1,
        "2020-02-01",
        {"code": SHITING, "name": "石亭镇"},
    )
    assert client.get("/api/volunteers/summary", {"from": "2020-03-01"}).json()["activities"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2020-03-01", "to": "2020-02-01"}, "to"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2020-02-30"}, "to"),
        ({"town": LILING}, "town"),
        ({"town": "x" * 13}, "town"),
    ],
)
def test_summary_bad_filters_are_422(client, places, params, field) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/volunteers/summary", params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]


def test_breakdown_and_outputs(client, served) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/volunteers/breakdown", {"by": "town"}).json()
    assert body["by"] == "town"
    assert body["items"][0]["key"] == SHITING
    assert body["items"][0]["label"] == "石亭镇"
    assert body["items"][0]["hours"] == "2.50"
    assert client.get("/api/volunteers/breakdown", {"by": "colour"}).status_code == 422
    assert client.get("/api/volunteers/breakdown").status_code == 422
    outputs = client.get("/api/volunteers/outputs").json()
    assert outputs == {"totals": [], "by_organization": []}


def test_activities_list(client, served) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/volunteers/activities").json()
    assert set(body) == {"items", "count", "page", "page_size", "pages"}
    item = body["items"][0]
    assert (item["person_times"], item["place_name"], item["organization_name"]) == (
        1,
        "石亭镇",
        "醴陵市义工联合会",
    )
    assert client.get("/api/volunteers/activities", {"kind": "nonsense"}).status_code == 422


def test_certificate_verification(client, world, served) -> None:  # type: ignore[no-untyped-def]
    zhang, _held = served
    certificate = certificate_issue(volunteer=zhang, organization=world.yigong_org)
    body = client.get(f"/api/volunteers/certificates/{certificate.number.lower()}").json()
    assert body["name"] == "张三"
    assert body["id_number_masked"] == "4302**********0017"
    assert body["hours"] == "2.50"
    assert body["matches_records"] is True
    assert ZHANG not in str(body)
    assert "13807331234" not in str(body)
    assert client.get("/api/volunteers/certificates/ZY2020-NOPE").status_code == 404


# --- Staff ------------------------------------------------------------------------


def test_staff_endpoints_need_login(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/volunteers/service-records", {}, content_type="application/json")
    assert response.status_code == 401


def test_enrol_record_and_count_once(client, world) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(world.yigong)
    body = {
        "organization_id": world.yigong_org.pk,
        "name": "李四",
        "phone": "13807331235",
        "id_number": LI,
        "place": LILING,
        "joined_on": "2020-01-10",
        "skills": ["驾驶"],
    }
    response = client.post(
        "/api/volunteers/volunteers", body, content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    volunteer = response.json()
    assert volunteer["id_number_masked"] == "4302**********0029"
    assert LI not in response.content.decode()

    # The same person joins 石亭镇志愿服务队 through its own staff: 200, one person.
    body["organization_id"] = world.shiting_org.pk
    again = client.post(
        "/api/volunteers/volunteers",
        body,
        content_type="application/json",
        headers=_bearer(world.shiting),
    )
    assert again.status_code == 200
    assert again.json() == {**volunteer, "new_person": False}
    assert Volunteer.objects.count() == 1
    assert Membership.objects.count() == 2

    response = client.post(
        "/api/volunteers/activities",
        {
            "organization_id": world.yigong_org.pk,
            "kind": "epidemic_publicity",
            "title": "防疫宣传",
            "place": SHITING,
            "date": "2020-02-02",
            "outputs": [{"kind": "masks", "quantity": 100}],
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    activity_id = response.json()["id"]
    assert response.json()["outputs"][0]["unit"] == "只"

    record = client.post(
        "/api/volunteers/service-records",
        {"volunteer_id": volunteer["id"], "activity_id": activity_id, "hours": 2.5},
        content_type="application/json",
        headers=headers,
    )
    assert record.status_code == 201
    assert record.json()["hours"] == "2.50"
    assert client.get("/api/volunteers/summary").json()["person_times"] == 1


@pytest.mark.parametrize(
    ("hours", "status", "code"),
    [
        ("-2", 422, "invalid"),
        ("0", 422, "invalid"),
        ("24.5", 422, "invalid"),
        ("1.234", 422, "invalid"),
        ("lots", 422, "invalid"),
    ],
)
def test_bad_hours_via_api(client, world, served, hours, status, code) -> None:  # type: ignore[no-untyped-def]
    zhang, _held = served
    other = activity(world.yigong_org, on=date(2020, 2, 2))
    response = client.post(
        "/api/volunteers/service-records",
        {"volunteer_id": zhang.pk, "activity_id": other.pk, "hours": hours},
        content_type="application/json",
        headers=_bearer(world.yigong),
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert ServiceRecord.objects.count() == 1


def test_duplicate_and_before_joining_via_api(client, world, served) -> None:  # type: ignore[no-untyped-def]
    zhang, held = served
    headers = _bearer(world.yigong)
    duplicate = client.post(
        "/api/volunteers/service-records",
        {"volunteer_id": zhang.pk, "activity_id": held.pk, "hours": "1"},
        content_type="application/json",
        headers=headers,
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "duplicate_record"
    late = enrol(world.yigong_org, "李四", LI, joined_on=date(2020, 2, 15))
    early = client.post(
        "/api/volunteers/service-records",
        {"volunteer_id": late.pk, "activity_id": held.pk, "hours": "1"},
        content_type="application/json",
        headers=headers,
    )
    assert early.status_code == 422
    assert early.json()["error"]["code"] == "before_joining"
    assert ServiceRecord.objects.count() == 1


def test_invalid_id_number_via_api(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/volunteers/volunteers",
        {
            "organization_id": world.yigong_org.pk,
            "name": "李四",
            "phone": "13807331235",
            "id_number": "430281199502020028",
            "place": LILING,
            "joined_on": "2020-01-10",
        },
        content_type="application/json",
        headers=_bearer(world.yigong),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"]
    assert "身份证号码" in str(error["fields"]["id_number"])  # says what is wrong, in Chinese
    assert not Volunteer.objects.exists()
    assert not Membership.objects.exists()


def test_other_organisations_activity_is_404(client, world) -> None:  # type: ignore[no-untyped-def]
    zhang = enrol(world.shiting_org, "张三", ZHANG)
    theirs = activity(world.shiting_org)
    response = client.post(
        "/api/volunteers/service-records",
        {"volunteer_id": zhang.pk, "activity_id": theirs.pk, "hours": "1"},
        content_type="application/json",
        headers=_bearer(world.yigong),
    )
    assert response.status_code == 404
    response = client.post(
        "/api/volunteers/activities",
        {
            "organization_id": world.shiting_org.pk,
            "kind": "disinfection",
            "title": "消杀",
            "place": SHITING,
            "date": "2020-02-02",
        },
        content_type="application/json",
        headers=_bearer(world.yigong),
    )
    assert response.status_code == 404
    assert Activity.objects.count() == 1
