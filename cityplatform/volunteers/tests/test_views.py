"""The public pages: the overview, a volunteer's own certificate, verification."""

import re
from datetime import date

import pytest
from django.core.cache import cache

from cityplatform.audit.models import AuditEntry
from cityplatform.volunteers.models import Certificate
from cityplatform.volunteers.services import certificate_issue, service_record_delete
from cityplatform.volunteers.tests.conftest import ZHANG, activity, enrol, serve
from conftest import SHITING

pytestmark = pytest.mark.django_db

IDENTITY = {"name": "张三", "id_number": ZHANG, "phone": "13807331234"}


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def served(world):  # type: ignore[no-untyped-def]
    zhang = enrol(world.yigong_org, "张三", ZHANG)
    serve(zhang, activity(world.yigong_org, on=date(2020, 2, 1)), "2.5")
    serve(zhang, activity(world.yigong_org, on=date(2020, 2, 8), title="卡点测温"), "3")
    return zhang


def _figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="(\w+)" data-value="([\d.]+)"', html))


def test_overview(client, served) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/volunteers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _figures(html) == {
        "organizations": "1",
        "volunteers": "1",
        "activities": "2",
        "person_times": "2",
        "hours": "5.50",
    }
    for chart in ("chart-by-type", "chart-by-week", "chart-by-town"):
        assert f'id="{chart}"' in html
    assert "卡点测温" in html
    assert "<script>" not in html  # the CSP allows no inline script


def test_overview_filtered_and_bad_filter(client, served) -> None:  # type: ignore[no-untyped-def]
    html = client.get(
        "/volunteers/", {"date_from": "2020-02-05", "date_to": "2020-02-29", "town": SHITING}
    ).content.decode()
    assert _figures(html)["person_times"] == "1"
    bad = client.get("/volunteers/", {"date_from": "2020-03-01", "date_to": "2020-02-01"})
    assert bad.status_code == 400
    assert "data-figure" not in bad.content.decode()
    assert client.get("/volunteers/", {"town": "430281000000"}).status_code == 400


def test_self_service_certificate(client, world, served) -> None:  # type: ignore[no-untyped-def]
    wrong = client.post("/volunteers/my-service/", {**IDENTITY, "phone": "13900000000"})
    assert wrong.status_code == 404
    response = client.post("/volunteers/my-service/", IDENTITY)
    assert response.status_code == 302
    page = client.get("/volunteers/my-service/").content.decode()
    assert "醴陵市义工联合会" in page
    assert "5.50" in page
    assert ZHANG not in page

    issued = client.post(f"/volunteers/my-service/certificate/{world.yigong_org.pk}/")
    certificate = Certificate.objects.get()
    assert issued["Location"] == f"/volunteers/certificates/{certificate.number}/"
    # Printing again while nothing changed gives the same certificate.
    client.post(f"/volunteers/my-service/certificate/{world.yigong_org.pk}/")
    assert Certificate.objects.count() == 1

    printable = client.get(issued["Location"]).content.decode()
    assert certificate.number in printable
    assert "张三" in printable
    assert "4302**********0017" in printable
    assert ZHANG not in printable
    assert "13807331234" not in printable
    assert "卡点测温" in printable
    assert f"/volunteers/verify/{certificate.number}/" in printable
    assert AuditEntry.objects.filter(action="search", object_type="volunteers.volunteer").exists()


def test_certificate_only_for_own_organisations(client, world, served) -> None:  # type: ignore[no-untyped-def]
    client.post("/volunteers/my-service/", IDENTITY)
    response = client.post(f"/volunteers/my-service/certificate/{world.shiting_org.pk}/")
    assert response.status_code == 404
    # Without having found yourself first there is nothing to print.
    client.post("/volunteers/my-service/end/")
    response = client.post(f"/volunteers/my-service/certificate/{world.yigong_org.pk}/")
    assert response.status_code == 302
    assert not Certificate.objects.exists()


def test_identity_lookups_are_rate_limited(client, served) -> None:  # type: ignore[no-untyped-def]
    for _ in range(10):
        assert client.post("/volunteers/my-service/", {**IDENTITY, "phone": "1"}).status_code in (
            400,
            404,
        )
    assert client.post("/volunteers/my-service/", IDENTITY).status_code == 429


def test_verification_page(client, world, served) -> None:  # type: ignore[no-untyped-def]
    certificate = certificate_issue(volunteer=served, organization=world.yigong_org)
    redirect = client.get("/volunteers/verify/", {"number": f" {certificate.number.lower()} "})
    assert redirect["Location"] == f"/volunteers/verify/{certificate.number}/"
    page = client.get(redirect["Location"]).content.decode()
    assert 'class="verdict ok"' in page
    assert "4302**********0017" in page
    assert ZHANG not in page

    missing = client.get("/volunteers/verify/ZY2020-AAAAA-BBBBB/")
    assert missing.status_code == 404

    # A record removed since issue (a correction) shows on the page.
    service_record_delete(record=served.service_records.first())
    page = client.get(redirect["Location"]).content.decode()
    assert 'class="verdict changed"' in page


def test_overview_shows_the_organisations_outputs(client, world, served) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.volunteers.services import OutputIn

    activity(
        world.shiting_org,
        on=date(2020, 2, 10),
        title="宣传车巡回宣传",
        outputs=(OutputIn("publicity_vehicle_trips", 3), OutputIn("messages", 40)),
    )
    activity(
        world.yigong_org,
        on=date(2020, 2, 11),
        kind="psychological_aid",
        title="心理疏导热线",
        outputs=(OutputIn("counselling_sessions", 25), OutputIn("messages", 2)),
    )
    html = client.get("/volunteers/").content.decode()
    shown = dict(re.findall(r'data-output="(\w+)" data-value="(\d+)"', html))
    assert shown == {
        "messages": "42",
        "publicity_vehicle_trips": "3",
        "counselling_sessions": "25",
    }
    # Each total with its unit and label, as a bureau's report writes it.
    assert "42</strong> 条 · 发布信息" in html
    assert "3</strong> 台次 · 宣传车出动" in html
    # The volunteers' own words, not the children app's same English msgid (心理疏导).
    assert "25</strong> 次 · 心理咨询与援助" in html
    assert "心理咨询与援助 25次；发布信息 2条</td>" in html
    # By organisation, and beside each of the latest activities.
    assert "<td>石亭镇志愿服务队</td><td>发布信息 40条；宣传车出动 3台次</td>" in html
    latest = html[html.index('class="latest"') :]
    assert "<td>心理疏导热线" in latest
    assert " 25次；发布信息 2条</td>" in latest
    # Outputs follow the filter like every other figure.
    html = client.get("/volunteers/", {"date_from": "2020-02-11"}).content.decode()
    assert dict(re.findall(r'data-output="(\w+)" data-value="(\d+)"', html)) == {
        "messages": "2",
        "counselling_sessions": "25",
    }


def test_certificate_page_prints(client, world, served) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.staticfiles import finders

    certificate = certificate_issue(volunteer=served, organization=world.yigong_org)
    page = client.get(f"/volunteers/certificates/{certificate.number}/").content.decode()
    assert 'class="print-button"' in page
    assert "volunteers/print.js" in page
    assert "5.50" in page  # the hours served
    stylesheet = finders.find("volunteers/volunteers.css")
    assert stylesheet
    with open(stylesheet, encoding="utf-8") as css:
        assert ".no-print { display: none; }" in css.read()


def test_every_activity_type_the_issue_names_exists() -> None:
    from django.utils import translation

    from cityplatform.volunteers.models.activities import ActivityKind

    with translation.override("zh-hans"):
        labels = {str(label) for label in ActivityKind.labels}
    assert labels >= {
        "防疫宣传",
        "测温引流",
        "消杀防疫",
        "秩序维持",
        "心理援助",
        "助老助小助残助困",
        "应急救援",
        "春耕服务",
    }


def test_output_labels_are_the_volunteers_own_words() -> None:
    """ "Counselling sessions" is also a msgid of the children app (earlier in
    INSTALLED_APPS, so its translation would win); the volunteers' is in context."""
    from django.utils import translation

    from cityplatform.volunteers.models.activities import OutputKind

    with translation.override("zh-hans"):
        assert str(OutputKind.COUNSELLING_SESSIONS.label) == "心理咨询与援助"
        assert translation.gettext("Counselling sessions") == "心理疏导"  # the children's
        labels = {str(label) for label in OutputKind.labels}
    assert labels >= {"发布信息", "发放口罩", "宣传车出动", "心理咨询与援助", "宣讲", "上门探访"}
