"""A 儿童主任 in a real browser: logs in, searches a child of their village by name,
opens the record; a child of another village answers 404."""

from typing import Any

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.portal.tests.browser import query_outside_the_browser_loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-pass-1234"


@pytest.fixture
def registry(transactional_db: Any, make_user: Any, make_child: Any) -> dict[str, int]:
    make_user("mft-director", roles=["child_director"], place="430281002001", password=PASSWORD)
    own = make_child("430281002001", "马小芳", categories=["left_behind"])
    make_child("430281002001", "马小明", categories=["in_difficulty"])
    other = make_child("430281109200", "李欢欢", categories=["unsupported"])
    return {"own": own.pk, "other": other.pk}


def test_a_director_finds_their_child_and_not_another_villages(
    registry: dict[str, int],  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.goto(live_server.url + "/accounts/login/?next=/children/")
    page.fill("#id_username", "mft-director")
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("form.child-search")

    page.fill("form.child-search input[name=q]", "小芳")
    page.click("form.child-search button[type=submit]")
    page.wait_for_selector("#results .search-summary")
    results = page.inner_text("#results")
    assert "马小芳" in results
    assert "马小明" not in results
    assert "李欢欢" not in results

    page.click("#results a.child-link >> text=马小芳")
    page.wait_for_selector(".child-record h1")
    assert "马小芳" in page.inner_text(".child-record h1")
    assert "430281********" in page.inner_text(".child-record")

    response = page.goto(live_server.url + f"/children/{registry['other']}/")
    assert response is not None
    assert response.status == 404
    assert "李欢欢" not in page.content()

    opened = query_outside_the_browser_loop(
        lambda: AuditEntry.objects.filter(
            action="view", object_id=str(registry["own"]), detail__via="search"
        ).count()
    )
    assert opened == 1
