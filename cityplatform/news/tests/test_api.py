"""The JSON API: public reads, staff writes and the workflow behind auth."""

from typing import Any

import pytest

from cityplatform.accounts.services import api_token_create
from cityplatform.news.models import Article, ArticleEvent
from conftest import LILING, SHITING, TIANYUAN

pytestmark = pytest.mark.django_db

URL = "/api/news/articles"


def _bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def _post(client: Any, url: str, body: dict[str, Any] | None, user: Any = None) -> Any:
    headers = _bearer(user) if user is not None else {}
    return client.post(url, body or {}, content_type="application/json", **headers)


def _body(category: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "title": "石亭镇开展敬老院疫情防控检查",
        "subtitle": "",
        "authors": "张三",
        "category_id": category.pk,
        "place_code": SHITING,
        "tags": ["养老机构", "疫情防控"],
        "body": "对敬老院开展**实地检查**。",
    }
    body.update(overrides)
    return body


def _assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


def test_list_is_paginated(client, make_article) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        make_article(f"第{i}篇", publish=True)
    make_article("草稿")
    body = client.get(URL, {"page_size": 2}).json()
    assert set(body) == {"items", "count", "page", "page_size", "pages"}
    assert (body["count"], body["page"], body["page_size"], body["pages"]) == (3, 1, 2, 2)
    assert [a["title"] for a in body["items"]] == ["第2篇", "第1篇"]
    item = body["items"][0]
    assert item["category"]["name"] == "民政动态"
    assert item["tags"] == ["民政"]
    assert item["url"].startswith("/news/")
    second = client.get(URL, {"page_size": 2, "page": 2}).json()
    assert [a["title"] for a in second["items"]] == ["第0篇"]


def test_list_search_and_filter(client, make_article, category) -> None:  # type: ignore[no-untyped-def]
    make_article("养老机构封闭管理", body="正文", tags=[], publish=True)
    make_article("其他新闻", body="正文", tags=[], publish=True)
    body = client.get(URL, {"q": "养老机构"}).json()
    assert [a["title"] for a in body["items"]] == ["养老机构封闭管理"]
    assert client.get(URL, {"category": category.pk}).json()["count"] == 2
    assert client.get(URL, {"category": 999999}).json()["count"] == 0
    _assert_error(client.get(URL, {"category": "x"}), 422, "invalid")
    _assert_error(client.get(URL, {"page": 0}), 422, "invalid")


def test_detail(client, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article(publish=True)
    body = client.get(f"{URL}/{article.pk}").json()
    assert body["title"] == article.title
    assert body["body_html"] == article.body_html
    assert body["place_code"] == LILING
    assert body["images"] == []
    assert "status" not in body


def test_detail_of_draft_or_absent_is_404(client, make_article) -> None:  # type: ignore[no-untyped-def]
    draft = make_article()
    for pk in (draft.pk, 999999, 2**70):
        _assert_error(client.get(f"{URL}/{pk}"), 404, "not_found")


def test_categories(client, category) -> None:  # type: ignore[no-untyped-def]
    assert [c["name"] for c in client.get("/api/news/categories").json()] == ["民政动态"]


def test_writing_needs_auth(client, category, make_article) -> None:  # type: ignore[no-untyped-def]
    _assert_error(_post(client, URL, _body(category)), 401, "unauthenticated")
    article = make_article()
    for action in ("submit", "publish", "return", "unpublish"):
        _assert_error(_post(client, f"{URL}/{article.pk}/{action}", {}), 401, "unauthenticated")
    assert Article.objects.count() == 1


def test_author_creates_a_draft(client, desk, category) -> None:  # type: ignore[no-untyped-def]
    response = _post(client, URL, _body(category), desk.author)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["body_html"] == "<p>对敬老院开展<strong>实地检查</strong>。</p>"
    assert body["place_code"] == SHITING
    article = Article.objects.get(pk=body["id"])
    assert article.created_by == desk.author
    # Not public until published.
    _assert_error(client.get(f"{URL}/{article.pk}"), 404, "not_found")


def test_place_defaults_to_the_jurisdiction(client, desk, category) -> None:  # type: ignore[no-untyped-def]
    body = _body(category)
    del body["place_code"]
    response = _post(client, URL, body, desk.author)
    assert response.status_code == 201
    assert response.json()["place_code"] == LILING


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "长" * 201}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"body": ""}, "body"),
        ({"category_id": 999999}, "category_id"),
        ({"category_id": "x"}, "category_id"),
        ({"place_code": "123"}, "place_code"),
        ({"place_code": "999999999999"}, "place_code"),
        ({"tags": ["长" * 33]}, "tags"),
        ({"tags": [f"t{i}" for i in range(11)]}, "tags"),
    ],
)
def test_bad_input_is_422(client, desk, category, overrides, field) -> None:  # type: ignore[no-untyped-def]
    error = _assert_error(
        _post(client, URL, _body(category, **overrides), desk.author), 422, "invalid"
    )
    # The API root drops "body" from error locations, so that field shows as __all__.
    names = set(error["fields"]) if field != "body" else {"body"}
    assert any(name.startswith(field) for name in names), error
    assert not Article.objects.exists()


def test_no_role_or_other_place_is_403(client, desk, category) -> None:  # type: ignore[no-untyped-def]
    _assert_error(_post(client, URL, _body(category), desk.stranger), 403, "forbidden")
    _assert_error(
        _post(client, URL, _body(category, place_code=TIANYUAN), desk.author), 403, "forbidden"
    )
    assert not Article.objects.exists()


def test_workflow(client, desk, category) -> None:  # type: ignore[no-untyped-def]
    pk = _post(client, URL, _body(category), desk.author).json()["id"]
    assert _post(client, f"{URL}/{pk}/submit", {}, desk.author).json()["status"] == "review"
    _assert_error(_post(client, f"{URL}/{pk}/publish", {}, desk.author), 403, "forbidden")
    returned = _post(client, f"{URL}/{pk}/return", {"note": "补充数据"}, desk.editor).json()
    assert returned["status"] == "draft"
    assert ArticleEvent.objects.filter(article_id=pk, note="补充数据").exists()
    _assert_error(_post(client, f"{URL}/{pk}/publish", {}, desk.editor), 409, "invalid_transition")
    _post(client, f"{URL}/{pk}/submit", {}, desk.author)
    published = _post(client, f"{URL}/{pk}/publish", {}, desk.editor).json()
    assert published["status"] == "published"
    assert published["published_at"]
    assert client.get(f"{URL}/{pk}").status_code == 200
    assert _post(client, f"{URL}/{pk}/unpublish", {}, desk.editor).json()["status"] == "draft"
    _assert_error(client.get(f"{URL}/{pk}"), 404, "not_found")


def test_transitions_outside_the_jurisdiction_are_404(client, desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    _assert_error(
        _post(client, f"{URL}/{article.pk}/submit", {}, desk.tianyuan_editor), 404, "not_found"
    )
    _assert_error(_post(client, f"{URL}/999999/submit", {}, desk.editor), 404, "not_found")
    article.refresh_from_db()
    assert article.status == "draft"


def test_note_too_long_is_422(client, desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    response = _post(client, f"{URL}/{article.pk}/submit", {"note": "长" * 2001}, desk.author)
    _assert_error(response, 422, "invalid")


def test_transition_without_a_body(client, desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    response = client.post(
        f"{URL}/{article.pk}/submit", "", content_type="application/json", **_bearer(desk.author)
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "review"
