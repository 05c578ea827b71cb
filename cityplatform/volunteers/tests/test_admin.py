"""The admin: the bureau inside its jurisdiction, organisation staff on their own
organisation; saves go through the services and problems show on the form."""

from datetime import date

import pytest

from cityplatform.volunteers.models import Activity, Membership, ServiceRecord, Volunteer
from cityplatform.volunteers.tests.conftest import LI, ZHANG, activity, credit_code, enrol
from conftest import LILING, SHITING

pytestmark = pytest.mark.django_db


def test_lists_follow_organisation_and_jurisdiction(client, world) -> None:  # type: ignore[no-untyped-def]
    activity(world.yigong_org, title="义工联合会的活动")
    activity(world.shiting_org, title="石亭镇的活动")
    client.force_login(world.yigong)
    page = client.get("/admin/volunteers/activity/").content.decode()
    assert "义工联合会的活动" in page
    assert "石亭镇的活动" not in page
    theirs = Activity.objects.get(title="石亭镇的活动")
    assert client.get(f"/admin/volunteers/activity/{theirs.pk}/change/").status_code == 302

    client.force_login(world.zhiyuan)
    page = client.get("/admin/volunteers/activity/").content.decode()
    assert "义工联合会的活动" in page
    assert "石亭镇的活动" in page

    client.force_login(world.town_officer)  # 李畋镇: neither activity is there
    page = client.get("/admin/volunteers/activity/").content.decode()
    assert "石亭镇的活动" not in page


def test_volunteer_admin_never_shows_the_id_number(client, world) -> None:  # type: ignore[no-untyped-def]
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    client.force_login(world.yigong)
    page = client.get(f"/admin/volunteers/volunteer/{volunteer.pk}/change/").content.decode()
    assert "4302**********0017" in page
    assert ZHANG not in page
    found = client.get("/admin/volunteers/volunteer/", {"q": ZHANG}).content.decode()
    assert "4302**********0017" in found
    client.force_login(world.shiting)
    assert client.get(f"/admin/volunteers/volunteer/{volunteer.pk}/change/").status_code == 302


def _add_volunteer(client, world, number: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/admin/volunteers/volunteer/add/",
        {
            "name": "李四",
            "id_number_input": number,
            "phone": "13807331235",
            "place": LILING,
            "organization": world.yigong_org.pk,
            "joined_on": "2020-01-10",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )


def test_add_volunteer_in_the_admin(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.yigong)
    bad = _add_volunteer(client, world, "430281199502020028")
    assert bad.status_code == 200
    assert "id_number_input" in bad.context["adminform"].form.errors
    assert not Volunteer.objects.exists()
    good = _add_volunteer(client, world, LI)
    assert good.status_code == 302, good.context["adminform"].form.errors
    volunteer = Volunteer.objects.get()
    assert volunteer.id_number == LI
    assert Membership.objects.get().organization == world.yigong_org
    again = _add_volunteer(client, world, LI)
    assert "已是醴陵市义工联合会的成员" in str(again.context["adminform"].form.errors)


def test_add_service_record_in_the_admin(client, world) -> None:  # type: ignore[no-untyped-def]
    late = enrol(world.yigong_org, "李四", LI, joined_on=date(2020, 2, 10))
    held = activity(world.yigong_org, on=date(2020, 2, 1))
    client.force_login(world.yigong)
    response = client.post(
        "/admin/volunteers/servicerecord/add/",
        {"activity": held.pk, "volunteer": late.pk, "hours": "2"},
    )
    assert response.status_code == 200
    assert "2020-02-10" in str(response.context["adminform"].form.errors)
    negative = client.post(
        "/admin/volunteers/servicerecord/add/",
        {"activity": held.pk, "volunteer": late.pk, "hours": "-2"},
    )
    assert negative.status_code == 200
    assert not ServiceRecord.objects.exists()
    zhang = enrol(world.yigong_org, "张三", ZHANG)
    response = client.post(
        "/admin/volunteers/servicerecord/add/",
        {"activity": held.pk, "volunteer": zhang.pk, "hours": "2"},
    )
    assert response.status_code == 302
    assert ServiceRecord.objects.get().recorded_by == world.yigong


def test_bureau_registers_an_organisation(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.zhiyuan)
    form = {
        "name": "醴陵市蓝天救援队",
        "kind": "rescue_team",
        "credit_code": credit_code(99),
        "contact_person": "易志勇",
        "contact_phone": "13807330003",
        "place": SHITING,
        "staff-TOTAL_FORMS": "0",
        "staff-INITIAL_FORMS": "0",
    }
    bad = client.post("/admin/volunteers/organization/add/", {**form, "credit_code": "123"})
    assert bad.status_code == 200
    assert "credit_code" in bad.context["adminform"].form.errors
    assert client.post("/admin/volunteers/organization/add/", form).status_code == 302
    client.force_login(world.yigong)
    assert client.get("/admin/volunteers/organization/add/").status_code == 403
