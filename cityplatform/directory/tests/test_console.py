"""The provider staff console: own requests only, overdue marked, views audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.directory.models import ServiceRequest
from cityplatform.directory.tests.conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(world):  # type: ignore[no-untyped-def]
    mine = submit(world.baiyi, name="王女士", phone="13812345678")
    late = submit(world.baiyi, name="李先生", phone="13907331234")
    created = timezone.now() - timedelta(hours=30)
    ServiceRequest.objects.filter(pk=late.pk).update(
        created_at=created, due_at=created + timedelta(hours=24)
    )
    theirs = submit(world.cehui, name="陈先生", phone="15873312345")
    return mine, late, theirs


def test_anonymous_is_sent_to_login(client, requests) -> None:  # type: ignore[no-untyped-def]
    mine = requests[0]
    for url in ("/services/console/", f"/services/console/requests/{mine.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_staff_sees_own_requests_masked_with_overdue_marked(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.baiyi_staff)
    page = client.get("/services/console/").content.decode()
    assert "王女士" in page
    assert "李先生" in page
    assert "陈先生" not in page
    assert "138****5678" in page
    assert "13812345678" not in page
    assert page.count('class="badge-overdue"') == 2  # the summary and the late row
    assert 'data-overdue-count="1"' in page


def test_status_filter(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.baiyi_staff)
    page = client.get("/services/console/", {"status": "done"}).content.decode()
    assert "王女士" not in page
    assert client.get("/services/console/", {"status": "bogus"}).status_code == 200


def test_non_staff_has_no_console(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.stranger)
    assert client.get("/services/console/").status_code == 404
    assert client.get(f"/services/console/requests/{requests[0].pk}/").status_code == 404


def test_other_providers_request_is_404(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    theirs = requests[2]
    client.force_login(world.baiyi_staff)
    assert client.get(f"/services/console/requests/{theirs.pk}/").status_code == 404
    response = client.post(
        f"/services/console/requests/{theirs.pk}/transition/", {"to_status": "done"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "new"
    assert not AuditEntry.objects.filter(object_id=str(theirs.pk), action="view").exists()


def test_detail_shows_full_phone_and_writes_audit(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    mine = requests[0]
    client.force_login(world.baiyi_staff)
    page = client.get(f"/services/console/requests/{mine.pk}/").content.decode()
    assert "13812345678" in page
    assert "天元区泰山路88号" in page
    entry = AuditEntry.objects.get(action="view", object_type="directory.servicerequest")
    assert entry.object_id == str(mine.pk)
    assert entry.actor == world.baiyi_staff
    assert entry.place_code == world.baiyi.place_id
    assert "13812345678" not in str(entry.detail)


def test_mark_contacted_then_done_without_js(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    mine = requests[0]
    client.force_login(world.baiyi_staff)
    url = f"/services/console/requests/{mine.pk}/"
    response = client.post(url + "transition/", {"to_status": "contacted", "note": "已电话联系"})
    assert response.status_code == 302
    assert response["Location"] == url
    mine.refresh_from_db()
    assert mine.status == "contacted"
    client.post(url + "transition/", {"to_status": "done"})
    mine.refresh_from_db()
    assert mine.status == "done"
    # A second "done" is refused and shown as a message, not a crash.
    page = client.post(url + "transition/", {"to_status": "done"}, follow=True).content.decode()
    assert 'class="error"' in page
    assert "已电话联系" in client.get(url).content.decode()


def test_htmx_gets_the_panel(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    mine = requests[0]
    client.force_login(world.baiyi_staff)
    response = client.post(
        f"/services/console/requests/{mine.pk}/transition/",
        {"to_status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card request-panel"')
    assert "<html" not in page


def test_add_note(client, world, requests) -> None:  # type: ignore[no-untyped-def]
    mine = requests[0]
    client.force_login(world.baiyi_staff)
    url = f"/services/console/requests/{mine.pk}/"
    client.post(url + "note/", {"text": "客户下午在家"})
    assert mine.notes.get().text == "客户下午在家"
    response = client.post(url + "note/", {"text": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()
    assert mine.notes.count() == 1
