"""Registry pages: list, search, register, edit, detail and the care forms."""

import datetime

import pytest
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.children.identity import id_number_make
from cityplatform.children.models import CareArrangement, Child
from cityplatform.children.tests.conftest import HUABU, HUANHUAN_ID, HUANHUAN_PHONE

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login_and_non_staff_get_403(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/children/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(world.stranger)
    assert client.get("/children/").status_code == 403
    client.force_login(world.auditor)
    assert client.get(f"/children/{world.huanhuan.pk}/").status_code == 403


def test_list_shows_only_the_directors_village_with_masked_ids(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    response = client.get("/children/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "李欢欢" in page
    assert "张城城" not in page
    assert HUANHUAN_ID not in page
    assert "430281********" in page
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_search_by_name_is_posted_and_audited(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.litian_supervisor)
    page = client.post("/children/", {"q": "欢欢"}).content.decode()
    assert "李欢欢" in page
    assert "?via=search" in page
    entry = AuditEntry.objects.filter(action="search").get()
    assert entry.detail == {"by": "name", "hits": 1}
    assert "欢" not in str(entry.detail)
    # Outside the town: nothing.
    client.force_login(world.llm_supervisor)
    assert "李欢欢" not in client.post("/children/", {"q": "欢欢"}).content.decode()


def test_search_by_exact_id_number_opens_the_record(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    response = client.post("/children/", {"id_number": HUANHUAN_ID})
    assert response.status_code == 302
    assert response["Location"] == f"/children/{world.huanhuan.pk}/?via=search"
    client.get(response["Location"])
    assert AuditEntry.objects.filter(
        action="view", object_id=str(world.huanhuan.pk), detail__via="search"
    ).exists()
    bad = client.post("/children/", {"id_number": "123"})
    assert bad.status_code == 400
    # Another village's director cannot find the number.
    client.force_login(world.mft_director)
    response = client.post("/children/", {"id_number": HUANHUAN_ID})
    assert response.status_code == 200
    assert "李欢欢" not in response.content.decode()


def test_detail_shows_the_record_and_audits_the_view(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    page = client.get(f"/children/{world.huanhuan.pk}/").content.decode()
    assert "李欢欢" in page
    assert HUANHUAN_PHONE in page  # the responsible director may call the father
    assert HUANHUAN_ID not in page
    assert "alarm-banner" in page
    assert "reveal" not in page  # a director may not see the full number
    assert AuditEntry.objects.filter(action="view", object_id=str(world.huanhuan.pk)).count() == 1
    client.force_login(world.mft_director)
    assert client.get(f"/children/{world.huanhuan.pk}/").status_code == 404


def test_reveal_is_for_bureau_and_centre_and_is_audited(client, world) -> None:  # type: ignore[no-untyped-def]
    url = f"/children/{world.huanhuan.pk}/id-number/"
    client.force_login(world.huabu_director)
    assert client.post(url).status_code == 403
    client.force_login(world.bureau)
    assert "reveal" in client.get(f"/children/{world.huanhuan.pk}/").content.decode()
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert HUANHUAN_ID in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(
        action="view", object_id=str(world.huanhuan.pk), detail__field="id_number"
    ).exists()
    assert client.get(url).status_code == 405


def test_register_a_child_by_form(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    form = client.get("/children/new/").content.decode()
    assert "华埠村" in form
    born = datetime.date(2015, 6, 1)
    data = {
        "name": "李乐乐",
        "sex": "F",
        "birth_date": "2015-06-01",
        "id_number": id_number_make("430281", born, 44),
        "village": HUABU,
        "categories": ["left_behind", "unsupported"],
        "guardianship": "lacking_epidemic",
        "school": "",
    }
    response = client.post("/children/new/", data)
    assert response.status_code == 302
    child = Child.objects.get(name="李乐乐")
    assert child.categories == ["left_behind", "unsupported"]
    assert child.lacks_guardianship


def test_register_bad_input_is_400_and_clear(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    data = {
        "name": "李乐乐",
        "sex": "F",
        "birth_date": future,
        "id_number": "430281201506010000",
        "village": HUABU,
        "categories": ["left_behind"],
        "guardianship": "adequate",
    }
    response = client.post("/children/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "errorlist" in page
    errors = response.context["form"].errors
    assert {"birth_date", "id_number"} <= set(errors)
    assert "430281201506010000" not in str(errors)
    # Another village: not a choice.
    response = client.post(
        "/children/new/", {**data, "birth_date": "2015-06-01", "village": "430281002001"}
    )
    assert response.status_code == 400
    # The same ID number twice: a clear message on the field.
    response = client.post(
        "/children/new/",
        {**data, "birth_date": "2010-05-17", "id_number": HUANHUAN_ID},
    )
    assert response.status_code == 400
    assert (
        "already registered" in response.content.decode() or "已登记" in response.content.decode()
    )
    assert Child.objects.filter(name="李乐乐").count() == 0


def test_edit_keeps_the_number_when_left_empty(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    url = f"/children/{world.huanhuan.pk}/edit/"
    form = client.get(url).content.decode()
    assert HUANHUAN_ID not in form
    data = {
        "name": "李欢欢",
        "sex": "M",
        "birth_date": "2010-05-17",
        "id_number": "",
        "village": HUABU,
        "categories": ["unsupported"],
        "guardianship": "lacking_epidemic",
        "school": "李畋中学",
    }
    assert client.post(url, data).status_code == 302
    world.huanhuan.refresh_from_db()
    assert world.huanhuan.id_number == HUANHUAN_ID
    assert world.huanhuan.school == "李畋中学"
    assert "李畋中学" in client.get(f"/children/{world.huanhuan.pk}/").content.decode()


def test_care_forms(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    pk = world.huanhuan.pk
    today = timezone.localdate().isoformat()
    assert client.get(f"/children/{pk}/arrangements/new/").status_code == 200
    assert (
        'value="fallback"' not in client.get(f"/children/{pk}/arrangements/new/").content.decode()
    )
    response = client.post(
        f"/children/{pk}/arrangements/new/",
        {"kind": "relative", "carer": "外婆", "responsible_person": "刘主任", "starts_on": today},
    )
    assert response.status_code == 302
    arrangement = CareArrangement.objects.get()
    assert (
        client.post(
            f"/children/arrangements/{arrangement.pk}/end/",
            {"ends_on": today, "reason": "父亲返家"},
        ).status_code
        == 302
    )
    response = client.post(
        f"/children/{pk}/visits/new/",
        {
            "visited_on": today,
            "visitor_name": "刘主任",
            "visitor_kind": "director",
            "findings": "情况良好",
            "follow_up": "复查",
            "follow_up_by": today,
        },
    )
    assert response.status_code == 302
    visit = world.huanhuan.visits.get()
    assert client.post(f"/children/visits/{visit.pk}/follow-up-done/").status_code == 302
    visit.refresh_from_db()
    assert visit.follow_up_done_on is not None
    assert (
        client.post(
            f"/children/{pk}/counselling/new/",
            {"held_on": today, "counsellor": "醴陵市心理协会", "mode": "online"},
        ).status_code
        == 302
    )
    response = client.post(
        f"/children/{pk}/assistance/new/",
        {
            "given_on": today,
            "given_by": "醴陵市民政局",
            "cash_amount": "1000",
            "cash_purpose": "慰问金",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-item": "口罩",
            "items-0-quantity": "20",
            "items-0-unit": "只",
            "items-1-item": "",
        },
    )
    assert response.status_code == 302
    assert world.huanhuan.assistance.get().items.count() == 1
    page = client.get(f"/children/{pk}/").content.decode()
    assert "口罩" in page
    assert "1000.00" in page
    # Bad input: 400, nothing saved.
    response = client.post(f"/children/{pk}/visits/new/", {"visited_on": "2999-01-01"})
    assert response.status_code == 400
    assert world.huanhuan.visits.count() == 1


def test_guardian_forms(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    pk = world.huanhuan.pk
    response = client.post(
        f"/children/{pk}/guardians/new/",
        {
            "name": "李奶奶",
            "relation": "grandparent",
            "situation": "at_home",
            "phone": "139 1234 5678",
        },
    )
    assert response.status_code == 302
    guardian = world.huanhuan.guardians.get(name="李奶奶")
    assert guardian.phone == "13912345678"
    response = client.post(
        f"/children/guardians/{guardian.pk}/edit/",
        {"name": "李奶奶", "relation": "grandparent", "situation": "hospitalised", "phone": "abc"},
    )
    assert response.status_code == 400


def test_summary_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    response = client.get(f"/children/{world.huanhuan.pk}/summary/", {"pseudonym": "欢欢"})
    text = response.content.decode()
    summary = text.split('class="case-summary">', 1)[1].split("</blockquote>", 1)[0]
    assert "欢欢" in summary
    assert "李欢欢" not in summary
    assert AuditEntry.objects.filter(detail__view="summary").exists()


def test_dashboards(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.litian_supervisor)
    page = client.get("/children/dashboard/").content.decode()
    assert 'data-alarms="1"' in page
    assert "李欢欢" in page
    assert client.get(f"/children/dashboard/{HUABU}/").status_code == 200
    assert client.get("/children/dashboard/430281002000/").status_code == 404
    assert client.get("/children/dashboard/nonsense/").status_code == 404
    client.force_login(world.bureau)
    page = client.get("/children/dashboard/").content.decode()
    assert 'data-alarms="1"' in page
    assert "children-by-place" in page


def test_hotline_pages(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    response = client.post(
        "/children/hotline/new/",
        {
            "concern": "孩子独自在家",
            "urgency": "urgent",
            "child": world.huanhuan.pk,
            "caller_phone": "13512345678",
        },
    )
    assert response.status_code == 302
    listing = client.get("/children/hotline/").content.decode()
    assert "135****5678" in listing
    assert "13512345678" not in listing
    client.force_login(world.huabu_director)
    call_url = response["Location"]
    assert client.get(call_url).status_code == 200
    assert client.post(call_url + "respond/", {"note": "已上门"}).status_code == 302
    assert client.post(call_url + "respond/", {"note": "again"}).status_code == 400
    client.force_login(world.mft_director)
    assert client.get(call_url).status_code == 404
    response = client.post(
        "/children/hotline/new/", {"concern": "x", "urgency": "normal", "child": world.huanhuan.pk}
    )
    assert response.status_code == 400


def test_auditor_page_lists_who_looked(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    client.get(f"/children/{world.huanhuan.pk}/")
    client.force_login(world.bureau)
    client.get("/children/export.xlsx")
    client.force_login(world.auditor)
    page = client.get("/children/audit/", {"child": world.huanhuan.pk}).content.decode()
    assert "huabu-director" in page
    assert "bureau" in page
    assert "李欢欢" not in page
    assert client.get("/children/audit/", {"child": "x"}).status_code == 400
    client.force_login(world.bureau)
    assert client.get("/children/audit/", {"child": world.huanhuan.pk}).status_code == 403


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/children/", {"place": "\x00", "category": "x" * 500, "page": "-1"}),
        ("get", "/children/", {"place": "99999999999999999999"}),
        ("post", "/children/", {"q": "\x00欢", "id_number": "\x00"}),
        ("get", "/children/dashboard/%00/", {}),
        ("get", "/children/dashboard/4302810000000000/", {}),
        ("get", "/children/export.xlsx", {"place": "\x00"}),
        (
            "post",
            "/children/hotline/new/",
            {"concern": "\x00", "urgency": "x", "place": "\x00", "child": "abc"},
        ),
        ("post", "/children/new/", {"name": "\x00", "village": "\x00", "birth_date": "2012-13-45"}),
        ("get", "/children/audit/", {"child": "\x00"}),
    ],
)
def test_bad_input_is_never_a_server_error(client, world, method, url, data) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code
