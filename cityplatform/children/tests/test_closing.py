"""A child leaving the registry and coming back: the service's rules, history and audit,
what a closed record no longer raises, and the page and API actions."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.children.models import Child, ChildEvent
from cityplatform.children.selectors import (
    ChildFilters,
    child_search,
    dashboard_for,
    open_alarms,
    overdue_follow_ups,
)
from cityplatform.children.services import child_close, child_reopen, visit_record
from cityplatform.children.tests.conftest import HUANHUAN_ID
from cityplatform.children.tests.test_api import auth, post
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from conftest import LILING

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def close(world, **overrides):  # type: ignore[no-untyped-def]
    values = {"reason": "moved_out", "closed_on": today(), "note": ""}
    values.update(overrides)
    return child_close(actor=world.huabu_director, child=world.huanhuan, **values)


def test_closing_records_reason_day_history_and_audit(world) -> None:  # type: ignore[no-untyped-def]
    child = close(world, reason="other", note="随父母迁往广东")
    assert (child.closed_on, child.closed_reason, child.closed_note) == (
        today(),
        "other",
        "随父母迁往广东",
    )
    event = child.events.order_by("-id").first()
    assert event.kind == ChildEvent.Kind.CLOSED
    assert event.actor == world.huabu_director
    assert event.changes["closed_reason"] == {"to": "other"}
    assert event.changes["closed_on"] == {"to": today().isoformat()}
    entry = AuditEntry.objects.filter(object_id=str(child.pk), action="update").latest("id")
    assert entry.detail["closed"] == "other"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "bored"}, "closed_reason"),
        ({"reason": "other", "note": "  "}, "closed_note"),
        ({"closed_on": None}, "closed_on"),
        ({"closed_on": datetime.date(2099, 1, 1)}, "closed_on"),
        ({"closed_on": datetime.date(2000, 1, 1)}, "closed_on"),  # before registration
        ({"reason": "turned_18"}, "closed_on"),  # 李欢欢 was born in 2010
    ],
)
def test_bad_closing_is_refused_and_nothing_is_saved(world, overrides, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        close(world, **overrides)
    assert field in info.value.error_dict
    child = Child.objects.get(pk=world.huanhuan.pk)
    assert child.closed_on is None
    assert not child.events.filter(kind=ChildEvent.Kind.CLOSED).exists()


def test_closing_twice_and_reopening_an_open_record_are_conflicts(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        child_reopen(actor=world.huabu_director, child=world.huanhuan, reason="回来了")
    assert (info.value.code, info.value.status) == ("not_closed", 409)
    close(world)
    with pytest.raises(DomainError) as info:
        close(world, reason="deceased")
    assert (info.value.code, info.value.status) == ("already_closed", 409)


def test_outside_the_jurisdiction_the_child_does_not_exist(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        child_close(
            actor=world.mft_director, child=world.huanhuan, reason="moved_out", closed_on=today()
        )
    close(world)
    with pytest.raises(Http404):
        child_reopen(actor=world.llm_supervisor, child=world.huanhuan, reason="x")
    assert Child.objects.get(pk=world.huanhuan.pk).closed_on == today()


def test_a_closed_child_raises_no_alarm_nor_overdue_follow_up(world) -> None:  # type: ignore[no-untyped-def]
    visit_record(
        actor=None,
        child=world.huanhuan,
        visited_on=today(),
        visitor_name="刘主任",
        visitor_kind="director",
        findings="ok",
        follow_up="复查",
        follow_up_by=today(),
    )
    tomorrow = today() + datetime.timedelta(days=1)
    assert list(open_alarms("430281")) == [world.huanhuan]
    assert overdue_follow_ups("430281", day=tomorrow).count() == 1
    county = Place.objects.get(code=LILING)
    before = dashboard_for(county)
    close(world)
    assert list(open_alarms("430281")) == []
    assert overdue_follow_ups("430281", day=tomorrow).count() == 0
    after = dashboard_for(county)
    assert after.alarms == []
    assert after.total == before.total - 1
    assert sum(row.alarms for row in after.rows) == 0
    # Reopened: the alarm is back.
    child_reopen(actor=world.litian_supervisor, child=world.huanhuan, reason="返回本村")
    assert list(open_alarms("430281")) == [world.huanhuan]


def test_a_closed_child_is_hidden_from_lists_but_a_filter_finds_it(world) -> None:  # type: ignore[no-untyped-def]
    close(world)
    user = world.huabu_director

    def found(**filters):  # type: ignore[no-untyped-def]
        return list(child_search(user=user, filters=ChildFilters(**filters)))

    assert found() == []
    assert found(q="欢欢") == []
    assert found(status="closed") == [world.huanhuan]
    assert found(status="all") == [world.huanhuan]
    assert found(status="open") == []
    # An exact ID number finds the record, closed or not.
    assert found(id_number=HUANHUAN_ID) == [world.huanhuan]
    assert found(alarm_only=True, status="all") == []


def test_reopening_records_the_reason_and_clears_the_closing(world) -> None:  # type: ignore[no-untyped-def]
    close(world, reason="deceased")
    with pytest.raises(ValidationError) as info:
        child_reopen(actor=world.huabu_director, child=world.huanhuan, reason=" ")
    assert "reason" in info.value.error_dict
    child = child_reopen(actor=world.bureau, child=world.huanhuan, reason="登记错误")
    assert (child.closed_on, child.closed_reason, child.closed_note) == (None, "", "")
    event = child.events.order_by("-id").first()
    assert event.kind == ChildEvent.Kind.REOPENED
    assert event.changes["reopen_reason"] == {"to": "登记错误"}
    assert event.changes["closed_reason"]["from"] == "deceased"
    assert AuditEntry.objects.filter(
        object_id=str(child.pk), action="update", detail__reopened=True
    ).exists()


def test_close_and_reopen_from_the_childs_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.huabu_director)
    url = f"/children/{world.huanhuan.pk}/"
    page = client.get(url).content.decode()
    assert f'href="/children/{world.huanhuan.pk}/close/"' in page
    form = client.get(f"{url}close/")
    assert form.status_code == 200
    bad = client.post(f"{url}close/", {"closed_reason": "other", "closed_on": today()})
    assert bad.status_code == 400
    assert Child.objects.get(pk=world.huanhuan.pk).closed_on is None
    done = client.post(f"{url}close/", {"closed_reason": "moved_out", "closed_on": today()})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-closed="1"' in page
    assert f'href="/children/{world.huanhuan.pk}/reopen/"' in page
    assert "alarm-banner" not in page
    listing = client.get("/children/").content.decode()
    assert "李欢欢" not in listing
    assert "李欢欢" in client.get("/children/", {"status": "closed"}).content.decode()
    assert client.post(f"{url}reopen/", {"reason": ""}).status_code == 400
    assert client.post(f"{url}reopen/", {"reason": "返回本村"}).status_code == 302
    assert Child.objects.get(pk=world.huanhuan.pk).closed_on is None
    assert "李欢欢" in client.get("/children/").content.decode()


def test_other_villages_get_404_for_the_pages(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.mft_director)
    for action in ("close", "reopen"):
        url = f"/children/{world.huanhuan.pk}/{action}/"
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"closed_reason": "moved_out", "closed_on": today()}).status_code
            == 404
        )
    assert Child.objects.get(pk=world.huanhuan.pk).closed_on is None


def test_close_and_reopen_by_the_api(client, world) -> None:  # type: ignore[no-untyped-def]
    base = f"/api/children/children/{world.huanhuan.pk}"
    body = {"reason": "guardianship_restored", "closed_on": today().isoformat()}
    response = post(client, f"{base}/close", body, world.litian_supervisor)
    assert response.status_code == 200
    assert response.json()["closed_reason"] == "guardianship_restored"
    again = post(client, f"{base}/close", body, world.litian_supervisor)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_closed"
    listing = client.get("/api/children/children", **auth(world.huabu_director)).json()
    assert listing["count"] == 0
    closed = client.get(
        "/api/children/children", {"status": "closed"}, **auth(world.huabu_director)
    ).json()
    assert [item["id"] for item in closed["items"]] == [world.huanhuan.pk]
    assert closed["items"][0]["alarm"] is False
    bad = post(client, f"{base}/reopen", {"reason": ""}, world.huabu_director)
    assert bad.status_code in (400, 422)
    assert "error" in bad.json()
    assert post(client, f"{base}/reopen", {"reason": "x"}, world.mft_director).status_code == 404
    reopened = post(client, f"{base}/reopen", {"reason": "返回本村"}, world.huabu_director)
    assert reopened.status_code == 200
    assert reopened.json()["closed_on"] is None
    history = client.get(f"{base}/history", **auth(world.huabu_director)).json()
    assert [e["kind"] for e in history[:2]] == ["reopened", "closed"]


def test_bad_close_body_is_a_clear_4xx(client, world) -> None:  # type: ignore[no-untyped-def]
    base = f"/api/children/children/{world.huanhuan.pk}"
    response = post(
        client,
        f"{base}/close",
        {"reason": "other", "closed_on": today().isoformat()},
        world.huabu_director,
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"]
    assert Child.objects.get(pk=world.huanhuan.pk).closed_on is None
    assert "closed_note" in json.dumps(response.json())


def test_the_export_follows_the_records_filter(client, world) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from openpyxl import load_workbook

    close(world, reason="moved_out")
    client.force_login(world.huabu_director)

    def names(**query):  # type: ignore[no-untyped-def]
        content = client.get("/children/export.xlsx", query).content
        rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
        return [(row[3], row[-1]) for row in rows[1:]]

    assert names() == []
    assert names(status="closed") == [("李欢欢", "迁出本市(县)")]
