"""Children's data protected like money: ID numbers never in clear in the database,
never in application logs with names or phones, exports bounded and masked, every read
audited, and the pseudonymised summary free of anything that identifies the child."""

import datetime
import io
import json
import logging

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from cityplatform.accounts.services import api_token_create
from cityplatform.audit.models import AuditEntry
from cityplatform.children.identity import id_number_make
from cityplatform.children.models import Child
from cityplatform.children.services import (
    ItemInput,
    arrangement_start,
    assistance_record,
    child_update,
    hotline_call_log,
    visit_record,
)
from cityplatform.children.summary import case_summary
from cityplatform.children.tests.conftest import HUABU, HUANHUAN_ID, HUANHUAN_PHONE

pytestmark = pytest.mark.django_db


def _all_text_in_the_database() -> str:
    """Every text and JSON value of every children_* and audit table, read with raw SQL."""
    chunks: list[str] = []
    with connection.cursor() as cursor:
        tables = [
            t
            for t in connection.introspection.table_names(cursor)
            if t.startswith("children_") or t.startswith("audit_")
        ]
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                chunks.extend(str(value) for value in row)
    return "\n".join(chunks)


def test_the_database_never_holds_an_id_number_in_clear(world) -> None:  # type: ignore[no-untyped-def]
    other = id_number_make("430281", datetime.date(2010, 5, 17), 77)
    child_update(actor=world.bureau, child=world.huanhuan, id_number=other)
    child_update(actor=world.bureau, child=world.huanhuan, id_number=HUANHUAN_ID)
    stored = _all_text_in_the_database()
    assert world.huanhuan.name in stored  # the raw read did see the table
    for number in (HUANHUAN_ID, other, world.city_child.id_number):
        assert number not in stored
        # Not even the birth-date middle part next to the region code.
        assert number[:14] not in stored
    # And the ORM still reads it back.
    assert Child.objects.get(pk=world.huanhuan.pk).id_number == HUANHUAN_ID


def test_an_exact_id_number_search_decrypts_nothing(world, make_child, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The number is found through its blind index: no row of the table is decrypted,
    however many children there are."""
    from django.test.utils import CaptureQueriesContext

    from cityplatform.children.selectors import ChildFilters, child_search
    from cityplatform.core import crypto

    for n in range(5):
        make_child(HUABU, f"儿童{n}")
    decrypted: list[str] = []
    real_decrypt = crypto.decrypt

    def counting_decrypt(token: str) -> str:
        decrypted.append(token)
        return real_decrypt(token)

    monkeypatch.setattr(crypto, "decrypt", counting_decrypt)
    with CaptureQueriesContext(connection) as captured:
        found = list(child_search(user=world.bureau, filters=ChildFilters(id_number=HUANHUAN_ID)))
    assert [c.pk for c in found] == [world.huanhuan.pk]
    assert decrypted == []
    (query,) = [q["sql"] for q in captured.captured_queries if "children_child" in q["sql"]]
    assert "id_number_index" in query
    assert '"children_child"."id_number",' not in query
    # While reading the record itself does decrypt (the spy sees it).
    assert Child.objects.get(pk=world.huanhuan.pk).id_number == HUANHUAN_ID
    assert len(decrypted) == 1


def _flows(client, world) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    child = world.huanhuan
    client.force_login(world.huabu_director)
    client.get("/children/")
    client.post("/children/", {"q": "欢欢"})
    client.post("/children/", {"id_number": HUANHUAN_ID})
    client.post("/children/", {"id_number": HUANHUAN_ID[:-1] + "0"})
    client.get(f"/children/{child.pk}/")
    client.get(f"/children/{child.pk}/summary/")
    client.get("/children/export.xlsx")
    client.post(
        "/children/new/",
        {"name": "李乐乐", "id_number": "430281201506010000", "birth_date": "2999-01-01"},
    )
    client.post(
        f"/children/{child.pk}/guardians/new/",
        {
            "name": "李奶奶",
            "relation": "grandparent",
            "situation": "at_home",
            "phone": "13912345678",
        },
    )
    client.post(
        f"/children/{child.pk}/guardians/new/",
        {"name": "李奶奶", "relation": "grandparent", "situation": "at_home", "phone": "139"},
    )
    client.force_login(world.mft_director)
    client.get(f"/children/{child.pk}/")  # 404, logged by django.request
    client.force_login(world.bureau)
    client.post(f"/children/{child.pk}/id-number/")
    key = api_token_create(user=world.bureau, name="t")[1]
    client.get(f"/api/children/children/{child.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    client.post(
        "/api/children/search",
        json.dumps({"id_number": HUANHUAN_ID}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    client.post(
        "/api/children/children",
        json.dumps(
            {
                "name": "李乐乐",
                "sex": "F",
                "birth_date": "2015-06-01",
                "village_code": HUABU,
                "categories": ["left_behind"],
                "id_number": "430281201506010000",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    call = hotline_call_log(
        actor=world.bureau,
        child=child,
        concern="邻居反映",
        urgency="urgent",
        caller_name="张先生",
        caller_phone="13512345678",
        received_at=timezone.now() - datetime.timedelta(hours=3),
    )
    from cityplatform.children.services import hotline_calls_escalate_overdue

    hotline_calls_escalate_overdue()
    visit_record(
        actor=world.huabu_director,
        child=child,
        visited_on=today,
        visitor_name="刘主任",
        visitor_kind="director",
        findings="父亲隔离",
    )
    assert call.pk


def test_names_ids_and_phones_never_reach_the_application_logs(client, world, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    _flows(client, world)
    assert caplog.records, "the flows should log something (requests refused, escalations)"
    forbidden = [
        world.huanhuan.name,
        "欢欢",
        "李大明",
        "李奶奶",
        "李乐乐",
        "张先生",
        HUANHUAN_ID,
        HUANHUAN_ID[:14],
        "430281201506010000",
        HUANHUAN_PHONE,
        "13912345678",
        "13512345678",
    ]
    for record in caplog.records:
        text = record.getMessage() + (str(record.exc_info) if record.exc_info else "")
        for value in forbidden:
            assert value not in text, f"log record {record.name}: {text[:200]!r} holds {value!r}"


def _export_rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def test_a_village_directors_export_holds_only_their_village_masked(
    client, world, make_child
) -> None:  # type: ignore[no-untyped-def]
    make_child(HUABU, "华埠第二")
    make_child("430281109201", "邻村孩子")
    client.force_login(world.huabu_director)
    response = client.get("/children/export.xlsx")
    assert response.status_code == 200
    rows = _export_rows(response.content)
    header, data = rows[0], rows[1:]
    names = {row[header.index("姓名") if "姓名" in header else 3] for row in data}
    assert names == {"李欢欢", "华埠第二"}
    villages = {row[2] for row in data}
    assert villages == {"华埠村"}
    text = str(rows)
    assert HUANHUAN_ID not in text
    assert "430281********" in text
    assert HUANHUAN_PHONE not in text
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == world.huabu_director
    assert entry.place_code == HUABU
    assert entry.detail["rows"] == 2
    assert entry.detail["full_id_numbers"] is False


def test_a_bureau_export_has_full_numbers_and_is_logged(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    text = str(_export_rows(client.get("/children/export.xlsx", {"place": "430281109000"}).content))
    assert HUANHUAN_ID in text
    assert "张城城" not in text  # filtered to 李畋镇
    entry = AuditEntry.objects.get(action="export")
    assert entry.place_code == "430281109000"
    assert entry.detail["full_id_numbers"] is True


@pytest.mark.parametrize(
    ("how", "url"),
    [
        ("page", "/children/{pk}/"),
        ("edit page", "/children/{pk}/edit/"),
        ("summary", "/children/{pk}/summary/"),
        ("api detail", "/api/children/children/{pk}"),
        ("api history", "/api/children/children/{pk}/history"),
        ("api summary", "/api/children/children/{pk}/summary"),
        ("admin", "/admin/children/child/{pk}/change/"),
    ],
)
def test_every_read_leaves_an_audit_entry(client, world, how, url) -> None:  # type: ignore[no-untyped-def]
    world.bureau.is_staff = True
    world.bureau.save()
    client.force_login(world.bureau)
    before = AuditEntry.objects.filter(action="view", object_id=str(world.huanhuan.pk)).count()
    response = client.get(url.format(pk=world.huanhuan.pk))
    assert response.status_code == 200, how
    entries = AuditEntry.objects.filter(action="view", object_id=str(world.huanhuan.pk))
    assert entries.count() == before + 1, how
    entry = entries.first()
    assert entry.actor == world.bureau
    assert entry.place_code == HUABU
    assert world.huanhuan.name not in json.dumps(entry.detail, ensure_ascii=False)


def test_reveal_search_export_and_hotline_reads_are_audited(client, world) -> None:  # type: ignore[no-untyped-def]
    call = hotline_call_log(actor=world.bureau, child=world.huanhuan, concern="x", urgency="normal")
    client.force_login(world.bureau)
    client.post(f"/children/{world.huanhuan.pk}/id-number/")
    client.post("/children/", {"q": "欢"})
    client.get("/children/export.xlsx")
    client.get(f"/children/hotline/{call.pk}/")
    actions = list(AuditEntry.objects.values_list("action", "object_type"))
    assert ("view", "children.child") in actions
    assert ("search", "children.child") in actions
    assert ("export", "children.child") in actions
    assert ("view", "children.hotlinecall") in actions


def test_the_pseudonymised_summary_identifies_nobody(world) -> None:  # type: ignore[no-untyped-def]
    child = world.huanhuan
    today = timezone.localdate()
    arrangement_start(
        actor=None,
        child=child,
        kind="relative",
        carer="外婆王桂兰",
        responsible_person="刘建国",
        responsible_phone="13687654321",
        starts_on=today,
    )
    assistance_record(
        actor=None,
        child=child,
        given_on=today,
        given_by="醴陵市民政局关爱“一老一小”工作组",
        items=[ItemInput("口罩", 20, "只"), ItemInput("书包", 1, "个")],
        cash_amount="1000",
        cash_purpose="慰问金",
    )
    text = case_summary(child, pseudonym="欢欢")
    assert "欢欢" in text
    assert "醴陵市" in text
    assert "1000" in text
    for secret in (
        child.name,
        HUANHUAN_ID,
        HUANHUAN_ID[:14],
        HUANHUAN_PHONE,
        "13687654321",
        "李大明",
        "王秀英",
        "王桂兰",
        "刘建国",
        "华埠村",
        "华埠",
        "李畋镇",
        "风塘组",
        "华埠小学",
        "2010-05-17",
        "2010年5月17日",
    ):
        assert secret not in text, secret
