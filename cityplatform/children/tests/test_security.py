"""Every registry page and API endpoint, generated from the URL list and the API's routes,
asked by people of another village or town: 404 or 403 for a record outside their places,
and never a child of another place in a list, search, dashboard or export.

A new route whose parameter is not in PARAMETERS, or an API write without a sample body
here, fails this suite until someone adds it: a new endpoint cannot slip in unchecked.
"""

import io
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cityplatform.accounts.services import api_token_create
from cityplatform.children import urls as page_urls
from cityplatform.children.api import router
from cityplatform.children.services import (
    arrangement_start,
    hotline_call_log,
    visit_record,
)
from cityplatform.children.tests.conftest import HUABU, HUANHUAN_ID, HUANHUAN_PHONE

pytestmark = pytest.mark.django_db

# Another village of 李畋镇 (the same town as 华埠村).
LITIAN_OTHER_VILLAGE = "430281109201"
SECRET_CONCERN = "热线密文-华埠"


@pytest.fixture
def target(world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """Records that all belong to 李欢欢 of 华埠村."""
    child = world.huanhuan
    today = timezone.localdate()
    return SimpleNamespace(
        child=child,
        guardian=child.guardians.first(),
        arrangement=arrangement_start(
            actor=None,
            child=child,
            kind="relative",
            carer="外婆",
            responsible_person="刘主任",
            starts_on=today,
        ),
        visit=visit_record(
            actor=None,
            child=child,
            visited_on=today,
            visitor_name="刘主任",
            visitor_kind="director",
            findings="ok",
            follow_up="复查",
            follow_up_by=today,
        ),
        call=hotline_call_log(
            actor=None,
            child=child,
            concern=SECRET_CONCERN,
            urgency="high",
            caller_phone="13512345678",
        ),
    )


@pytest.fixture
def outsiders(world, make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "director of another village, same town": make_user(
            "litian-other-director", roles=["child_director"], place=LITIAN_OTHER_VILLAGE
        ),
        "director of another town's village": world.mft_director,
        "supervisor of another town": world.llm_supervisor,
    }


def _parameters(target: SimpleNamespace) -> dict[str, Any]:
    return {
        "child_pk": target.child.pk,
        "guardian_pk": target.guardian.pk,
        "arrangement_pk": target.arrangement.pk,
        "visit_pk": target.visit.pk,
        "call_pk": target.call.pk,
        "place_code": HUABU,
        # API
        "child_id": target.child.pk,
        "guardian_id": target.guardian.pk,
        "arrangement_id": target.arrangement.pk,
        "visit_id": target.visit.pk,
        "call_id": target.call.pk,
    }


# What of the target must never reach an outsider, in any body.
def _secrets(target: SimpleNamespace) -> list[str]:
    return [target.child.name, HUANHUAN_ID, HUANHUAN_PHONE, SECRET_CONCERN, "13512345678"]


def _page_routes() -> list[tuple[str, list[str]]]:
    return [(p.name, list(p.pattern.converters)) for p in page_urls.urlpatterns]


def _assert_clean(body: bytes, target: SimpleNamespace, where: str) -> None:
    text = body.decode("utf-8", errors="replace")
    for secret in _secrets(target):
        assert secret not in text, f"{where} leaks {secret!r}"


def _xlsx_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def test_the_generated_lists_cover_every_route() -> None:
    assert len(_page_routes()) >= 20
    assert len(router.path_operations) >= 15


def test_every_page_of_a_record_is_404_or_403_for_outsiders(
    client, world, target, outsiders
) -> None:  # type: ignore[no-untyped-def]
    parameters = _parameters(target)
    checked = 0
    for name, params in _page_routes():
        if not params:
            continue
        missing = [p for p in params if p not in parameters]
        assert not missing, f"route {name!r} has parameters {missing} the security test cannot fill"
        url = reverse(f"children:{name}", kwargs={p: parameters[p] for p in params})
        for label, user in outsiders.items():
            client.force_login(user)
            statuses = {}
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                statuses[method] = response.status_code
                _assert_clean(response.content, target, f"{method.upper()} {url} as {label}")
            assert set(statuses.values()) <= {403, 404, 405}, (url, label, statuses)
            assert {403, 404} & set(statuses.values()), (url, label, statuses)
            checked += 1
    assert checked >= 3 * 14


def test_every_list_page_shows_outsiders_nothing_of_the_child(
    client, world, target, outsiders
) -> None:  # type: ignore[no-untyped-def]
    for name, params in _page_routes():
        if params:
            continue
        url = reverse(f"children:{name}")
        for label, user in outsiders.items():
            client.force_login(user)
            for method, data in (
                ("get", {}),
                ("post", {"q": "欢欢"}),
                ("post", {"id_number": HUANHUAN_ID}),
                (
                    "post",
                    {
                        "village": HUABU,
                        "name": "x",
                        "sex": "M",
                        "birth_date": "2012-01-01",
                        "categories": ["left_behind"],
                        "guardianship": "adequate",
                        "concern": "x",
                        "urgency": "normal",
                        "place": HUABU,
                        "child": target.child.pk,
                    },
                ),
            ):
                response = getattr(client, method)(url, data)
                assert response.status_code in (200, 302, 400, 403, 404, 405), (url, label)
                if response.status_code == 302:
                    # A redirect must not lead into the child's record.
                    assert not re.search(rf"/children/{target.child.pk}/", response["Location"])
                content = response.content
                if response.get("Content-Type", "").startswith("application/vnd.openxml"):
                    content = _xlsx_text(content).encode()
                _assert_clean(content, target, f"{method.upper()} {url} as {label}")
    # Nothing was written into 华埠村 by anyone of them.
    assert target.child.village.pk == HUABU
    from cityplatform.children.models import Child, HotlineCall

    assert Child.objects.filter(village_id=HUABU).count() == 1
    assert HotlineCall.objects.filter(place_id=HUABU).count() == 1


# API writes need a body of the right shape, so that the answer is about jurisdiction
# rather than validation. Every write route must be listed here.
def _sample_bodies(target: SimpleNamespace) -> dict[tuple[str, str], dict[str, Any]]:
    today = timezone.localdate().isoformat()
    return {
        ("POST", "/children"): {
            "name": "外人",
            "sex": "M",
            "birth_date": "2012-01-01",
            "village_code": HUABU,
            "categories": ["left_behind"],
        },
        ("POST", "/search"): {"q": "欢欢"},
        ("PATCH", "/children/{child_id}"): {"school": "x"},
        ("POST", "/children/{child_id}/close"): {"reason": "moved_out", "closed_on": today},
        ("POST", "/children/{child_id}/reopen"): {"reason": "x"},
        ("POST", "/children/{child_id}/id-number"): {},
        ("POST", "/children/{child_id}/guardians"): {
            "name": "x",
            "relation": "father",
            "situation": "at_home",
        },
        ("PATCH", "/guardians/{guardian_id}"): {"note": "x"},
        ("POST", "/children/{child_id}/arrangements"): {
            "kind": "relative",
            "responsible_person": "x",
            "starts_on": today,
            "carer": "x",
        },
        ("POST", "/arrangements/{arrangement_id}/end"): {"ends_on": today, "reason": "x"},
        ("POST", "/children/{child_id}/visits"): {
            "visited_on": today,
            "visitor_name": "x",
            "visitor_kind": "director",
            "findings": "x",
        },
        ("POST", "/visits/{visit_id}/follow-up-done"): {},
        ("POST", "/children/{child_id}/counselling"): {
            "held_on": today,
            "counsellor": "x",
            "mode": "online",
        },
        ("POST", "/children/{child_id}/assistance"): {
            "given_on": today,
            "given_by": "x",
            "cash_amount": "1.00",
        },
        ("POST", "/hotline/calls"): {
            "concern": "x",
            "urgency": "normal",
            "child_id": target.child.pk,
        },
        ("POST", "/hotline/calls/{call_id}/respond"): {"note": "x"},
    }


def test_every_api_endpoint_is_404_or_403_for_outsiders(client, world, target, outsiders) -> None:  # type: ignore[no-untyped-def]
    parameters = _parameters(target)
    bodies = _sample_bodies(target)
    tokens = {label: api_token_create(user=user, name="t")[1] for label, user in outsiders.items()}
    for path, path_view in router.path_operations.items():
        params = re.findall(r"{(\w+)}", path)
        missing = [p for p in params if p not in parameters]
        assert not missing, f"API path {path!r} has parameters {missing} the test cannot fill"
        url = "/api/children" + re.sub(r"{(\w+)}", lambda m: str(parameters[m[1]]), path)
        for operation in path_view.operations:
            for method in operation.methods:
                body = None
                if method in ("POST", "PATCH", "PUT"):
                    assert (method, path) in bodies, f"add a sample body for {method} {path}"
                    body = bodies[(method, path)]
                for label, key in tokens.items():
                    response = client.generic(
                        method,
                        url,
                        json.dumps(body) if body is not None else "",
                        content_type="application/json",
                        HTTP_AUTHORIZATION=f"Bearer {key}",
                    )
                    where = f"{method} {url} as {label}"
                    content = response.content
                    if response.get("Content-Type", "").startswith("application/vnd.openxml"):
                        content = _xlsx_text(content).encode()
                    _assert_clean(content, target, where)
                    if params or (method, path) in {
                        ("POST", "/children"),
                        ("POST", "/hotline/calls"),
                    }:
                        assert response.status_code in (403, 404), (where, response.content[:300])
                    else:
                        assert response.status_code == 200, (where, response.content[:300])


def test_users_without_a_registry_role_get_403_everywhere(client, world, target) -> None:  # type: ignore[no-untyped-def]
    parameters = _parameters(target)
    for user in (world.stranger, world.auditor):
        client.force_login(user)
        for name, params in _page_routes():
            if name == "audit":
                continue
            url = reverse(f"children:{name}", kwargs={p: parameters[p] for p in params})
            assert client.get(url).status_code in (403, 405), url
        key = api_token_create(user=user, name="t")[1]
        for path in router.path_operations:
            url = "/api/children" + re.sub(r"{(\w+)}", lambda m: str(parameters[m[1]]), path)
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {key}")
            assert response.status_code in (403, 405), url


def test_anonymous_gets_the_login_page_or_401(client, target) -> None:  # type: ignore[no-untyped-def]
    parameters = _parameters(target)
    for name, params in _page_routes():
        url = reverse(f"children:{name}", kwargs={p: parameters[p] for p in params})
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")
    for path in router.path_operations:
        url = "/api/children" + re.sub(r"{(\w+)}", lambda m: str(parameters[m[1]]), path)
        assert client.get(url).status_code in (401, 405), url


def test_public_pages_never_show_a_child(client, target) -> None:  # type: ignore[no-untyped-def]
    for url in ("/", "/news/", "/services/", "/housing/", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_clean(response.content, target, url)


def test_admin_shows_only_the_jurisdiction(client, world, target, make_user) -> None:  # type: ignore[no-untyped-def]
    inside = make_user("admin-litian", roles=["child_bureau"], place="430281109000", is_staff=True)
    outside = make_user("admin-llm", roles=["child_bureau"], place="430281002000", is_staff=True)
    client.force_login(inside)
    page = client.get("/admin/children/child/")
    assert page.status_code == 200
    assert "李欢欢" in page.content.decode()
    detail = client.get(f"/admin/children/child/{target.child.pk}/change/")
    assert detail.status_code == 200
    assert HUANHUAN_ID not in detail.content.decode()
    assert HUANHUAN_PHONE not in detail.content.decode()
    client.force_login(outside)
    listing = client.get("/admin/children/child/").content
    _assert_clean(listing, target, "admin list")
    assert client.get(f"/admin/children/child/{target.child.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/children/hotlinecall/{target.call.pk}/change/").status_code in (
        302,
        404,
    )
