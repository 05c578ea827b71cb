"""The admin saves through the services and moves articles through the workflow."""

from typing import Any

import pytest

from cityplatform.news.models import Article, ArticleTerm
from conftest import LILING, TIANYUAN

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/news/article/add/"


def _form(category: Any, **overrides: str) -> dict[str, str]:
    data = {
        "title": "敬老院疫情防控检查",
        "subtitle": "",
        "category": str(category.pk),
        "tag_names": "养老机构，疫情防控",
        "place": LILING,
        "authors": "张三 李四",
        "photo_credits": "",
        "source": "",
        "body": "检查**敬老院**。",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return data


def _terms(article: Article) -> set[str]:
    return set(ArticleTerm.objects.filter(article=article).values_list("term", flat=True))


def test_add_and_change_keep_html_and_terms_in_sync(client, desk, category) -> None:  # type: ignore[no-untyped-def]
    client.force_login(desk.author)
    response = client.post(ADD_URL, _form(category))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.body_html == "<p>检查<strong>敬老院</strong>。</p>"
    assert article.created_by == desk.author
    assert article.status == Article.Status.DRAFT
    assert sorted(article.tags.values_list("name", flat=True)) == ["养老机构", "疫情防控"]
    assert {"敬老院", "养老", "疫情"} <= _terms(article)

    url = f"/admin/news/article/{article.pk}/change/"
    page = client.get(url).content.decode()
    assert "养老机构 疫情防控" in page
    response = client.post(url, _form(category, body="关爱**四类儿童**", tag_names="民政"))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.body_html == "<p>关爱<strong>四类儿童</strong></p>"
    assert list(article.tags.values_list("name", flat=True)) == ["民政"]
    terms = _terms(article)
    assert {"四类", "儿童", "民政"} <= terms
    assert "养老" not in terms  # only the old tag had it


def test_tags_are_validated_on_the_form(client, desk, category) -> None:  # type: ignore[no-untyped-def]
    client.force_login(desk.author)
    response = client.post(ADD_URL, _form(category, tag_names="长" * 33))
    assert response.status_code == 200
    assert "tag_names" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_place_is_limited_to_the_jurisdiction(client, desk, category) -> None:  # type: ignore[no-untyped-def]
    client.force_login(desk.author)
    response = client.post(ADD_URL, _form(category, place=TIANYUAN))
    assert response.status_code == 200
    assert "place" in response.context["adminform"].form.errors


def test_list_shows_the_jurisdiction_only(client, desk, make_article) -> None:  # type: ignore[no-untyped-def]
    make_article("醴陵的稿件")
    make_article("天元的稿件", place=desk.tianyuan_editor.jurisdiction)
    client.force_login(desk.editor)
    page = client.get("/admin/news/article/").content.decode()
    assert "醴陵的稿件" in page
    assert "天元的稿件" not in page


def test_actions_run_the_workflow(client, desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    changelist = "/admin/news/article/"

    def act(user: Any, action: str) -> str:
        client.force_login(user)
        response = client.post(
            changelist, {"action": action, "_selected_action": [article.pk]}, follow=True
        )
        assert response.status_code == 200
        return " ".join(str(m) for m in response.context["messages"])

    assert "已修改1篇文章" in act(desk.author, "submit_for_review")
    assert article.title in act(desk.author, "publish")  # an error message naming it
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    act(desk.editor, "publish")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.title in act(desk.editor, "publish")  # already published: 409
    act(desk.editor, "unpublish")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_authors_cannot_change_articles_in_review(client, desk, make_article) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.news import services

    article = make_article()
    services.article_submit_for_review(article=article, actor=None)
    client.force_login(desk.author)
    url = f"/admin/news/article/{article.pk}/change/"
    assert client.get(url).status_code == 200  # view only
    client.post(url, {"title": "改标题"})
    article.refresh_from_db()
    assert article.title != "改标题"
