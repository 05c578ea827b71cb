"""The admin: providers saved through the services, requests read-only and masked."""

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.directory.models import Provider, ProviderStaff
from cityplatform.directory.tests.conftest import submit
from conftest import LILING, TIANYUAN

pytestmark = pytest.mark.django_db


def _form(category, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "name": "株洲市家政服务中心",
        "category": category.pk,
        "ownership": "private",
        "is_published": "on",
        "main_business": "保洁, 月嫂",
        "address": "天元区韶山路1号",
        "place": TIANYUAN,
        "hotlines": "0731-22616111\n28686989",
        "response_hours": "24",
        "highlights": "",
        "slogan": "",
        "credit_code": "",
        "description": "",
        "staff_memberships-TOTAL_FORMS": "0",
        "staff_memberships-INITIAL_FORMS": "0",
        "staff_memberships-MIN_NUM_FORMS": "0",
        "staff_memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def directory_admin(make_user):  # type: ignore[no-untyped-def]
    return make_user("diradmin", roles=["directory_admin"], place=TIANYUAN, is_staff=True)


def test_admin_creates_provider_with_staff(client, directory_admin, category, make_user) -> None:  # type: ignore[no-untyped-def]
    helper = make_user("helper")
    client.force_login(directory_admin)
    data = _form(
        category,
        **{
            "staff_memberships-TOTAL_FORMS": "1",
            "staff_memberships-0-user": str(helper.pk),
        },
    )
    response = client.post("/admin/directory/provider/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    provider = Provider.objects.get(name="株洲市家政服务中心")
    assert provider.hotlines == ["0731-22616111", "28686989"]
    assert ProviderStaff.objects.filter(provider=provider, user=helper).exists()


def test_admin_shows_validation_errors(client, directory_admin, category) -> None:  # type: ignore[no-untyped-def]
    client.force_login(directory_admin)
    response = client.post(
        "/admin/directory/provider/add/",
        _form(category, hotlines="123", credit_code="91430211MA4L16LJ0X"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() >= {"hotlines", "credit_code"}
    assert not Provider.objects.exists()


def test_admin_place_is_limited_to_jurisdiction(client, directory_admin, category) -> None:  # type: ignore[no-untyped-def]
    client.force_login(directory_admin)
    response = client.post("/admin/directory/provider/add/", _form(category, place=LILING))
    assert response.status_code == 200
    assert "place" in response.context["adminform"].form.errors


def test_admin_edits_provider(client, directory_admin, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(directory_admin)
    url = f"/admin/directory/provider/{world.baiyi.pk}/change/"
    page = client.get(url).content.decode()
    assert "0731-22616110" in page
    data = _form(world.baiyi.category, name=world.baiyi.name, hotlines="0731-22616110, 96599")
    data["staff_memberships-TOTAL_FORMS"] = "1"
    data["staff_memberships-INITIAL_FORMS"] = "1"
    membership = world.baiyi.staff_memberships.get()
    data["staff_memberships-0-id"] = str(membership.pk)
    data["staff_memberships-0-provider"] = str(world.baiyi.pk)
    data["staff_memberships-0-user"] = str(membership.user_id)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    world.baiyi.refresh_from_db()
    assert world.baiyi.hotlines == ["0731-22616110", "96599"]


def test_requests_are_read_only_masked_and_audited(client, directory_admin, world) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi)
    client.force_login(directory_admin)
    page = client.get("/admin/directory/servicerequest/").content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page
    response = client.get(f"/admin/directory/servicerequest/{obj.pk}/change/")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="view", object_id=str(obj.pk)).exists()
    assert client.get("/admin/directory/servicerequest/add/").status_code == 403


def test_provider_staff_have_no_admin(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.baiyi_staff)
    assert client.get("/admin/directory/provider/").status_code == 302
