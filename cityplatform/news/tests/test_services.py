"""The workflow, who may drive it, and what writing an article derives."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.core.models import AppendOnlyError
from cityplatform.news import services
from cityplatform.news.models import Article, ArticleEvent, ArticleTerm
from cityplatform.places.models import Place
from conftest import LILING, SHITING, TIANYUAN

pytestmark = pytest.mark.django_db

Status = Article.Status


def _statuses(article: Article) -> list[tuple[str, str]]:
    return list(
        ArticleEvent.objects.filter(article=article).values_list("from_status", "to_status")
    )


def test_author_creates_a_draft_with_html_terms_and_history(desk, category) -> None:  # type: ignore[no-untyped-def]
    article = services.article_create(
        actor=desk.author,
        title="  社区防疫宣传  ",
        body="## 宣传\n\n提醒居民**戴口罩**。",
        category=category,
        place=Place.objects.get(code=SHITING),
        tags="疫情防控, 社区",
    )
    assert article.status == Status.DRAFT
    assert article.title == "社区防疫宣传"
    assert article.created_by == desk.author
    assert "<h2>宣传</h2>" in article.body_html
    assert "<strong>戴口罩</strong>" in article.body_html
    assert sorted(article.tags.values_list("name", flat=True)) == ["疫情防控", "社区"]
    terms = dict(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))
    assert terms["防疫"] == 3  # in the title
    assert terms["疫情防控"] == 2  # a tag
    assert terms["口罩"] == 1  # in the body
    assert _statuses(article) == [("", "draft")]
    assert AuditEntry.objects.filter(object_type="news.article", action="create").exists()


@pytest.mark.parametrize("who", ["stranger", "tianyuan_editor"])
def test_create_needs_a_role_inside_the_jurisdiction(desk, category, who) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.article_create(
            actor=getattr(desk, who),
            title="标题",
            body="正文",
            category=category,
            place=Place.objects.get(code=LILING),
        )
    assert not Article.objects.exists()


def test_author_cannot_write_for_another_place(desk, category) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.article_create(
            actor=desk.author,
            title="标题",
            body="正文",
            category=category,
            place=Place.objects.get(code=TIANYUAN),
        )


def test_invalid_input_is_refused_before_writing(desk, category) -> None:  # type: ignore[no-untyped-def]
    values = {"actor": desk.author, "category": category, "place": Place.objects.get(code=LILING)}
    with pytest.raises(ValidationError) as exc:
        services.article_create(title="长" * 201, body="正文", **values)
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.article_create(title=" ", body=" ", **values)
    assert {"title", "body"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.article_create(
            title="标题", body="正文", tags=[f"t{i}" for i in range(11)], **values
        )
    assert "tags" in exc.value.message_dict
    assert not Article.objects.exists()


def test_full_workflow(desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    services.article_submit_for_review(article=article, actor=desk.author)
    assert article.status == Status.REVIEW
    services.article_return_to_draft(article=article, actor=desk.editor, note="请补充图片说明")
    assert article.status == Status.DRAFT
    services.article_submit_for_review(article=article, actor=desk.author)
    services.article_publish(article=article, actor=desk.editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    first_published = article.published_at
    assert first_published is not None
    services.article_unpublish(article=article, actor=desk.editor)
    assert article.status == Status.DRAFT
    services.article_submit_for_review(article=article, actor=desk.editor)
    services.article_publish(article=article, actor=desk.editor)
    article.refresh_from_db()
    assert article.published_at == first_published
    assert _statuses(article) == [
        ("", "draft"),
        ("draft", "review"),
        ("review", "draft"),
        ("draft", "review"),
        ("review", "published"),
        ("published", "draft"),
        ("draft", "review"),
        ("review", "published"),
    ]
    returned = ArticleEvent.objects.get(article=article, from_status="review", to_status="draft")
    assert (returned.actor, returned.note) == (desk.editor, "请补充图片说明")


@pytest.mark.parametrize(
    ("setup", "transition"),
    [
        ([], services.article_publish),
        ([], services.article_return_to_draft),
        ([], services.article_unpublish),
        (["submit"], services.article_submit_for_review),
        (["submit"], services.article_unpublish),
        (["submit", "publish"], services.article_publish),
        (["submit", "publish"], services.article_submit_for_review),
        (["submit", "publish"], services.article_return_to_draft),
    ],
)
def test_wrong_transitions_are_409(desk, make_article, setup, transition) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    if "submit" in setup:
        services.article_submit_for_review(article=article, actor=None)
    if "publish" in setup:
        services.article_publish(article=article, actor=None)
    before = article.status
    events = ArticleEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        transition(article=article, actor=desk.editor)
    assert (exc.value.code, exc.value.status) == ("invalid_transition", 409)
    article.refresh_from_db()
    assert article.status == before
    assert ArticleEvent.objects.count() == events


@pytest.mark.parametrize(
    "transition",
    [services.article_publish, services.article_return_to_draft],
)
def test_authors_cannot_decide_reviews(desk, make_article, transition) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    services.article_submit_for_review(article=article, actor=desk.author)
    with pytest.raises(PermissionDenied):
        transition(article=article, actor=desk.author)
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_author_cannot_unpublish(desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article(publish=True)
    with pytest.raises(PermissionDenied):
        services.article_unpublish(article=article, actor=desk.author)


def test_editor_of_another_place_may_not_publish(desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    services.article_submit_for_review(article=article, actor=desk.author)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, actor=desk.tianyuan_editor)
    with pytest.raises(PermissionDenied):
        services.article_submit_for_review(article=make_article("另一篇"), actor=desk.stranger)


def test_update_rerenders_and_reindexes(desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    services.article_update(article=article, actor=desk.author, body="养老机构*封闭*管理", tags=[])
    article.refresh_from_db()
    assert article.body_html == "<p>养老机构<em>封闭</em>管理</p>"
    terms = set(ArticleTerm.objects.filter(article=article).values_list("term", flat=True))
    assert {"养老", "机构", "封闭"} <= terms
    assert "儿童" not in terms
    assert "民政" in terms  # still in the title
    assert list(article.tags.all()) == []


def test_authors_edit_drafts_only(desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    services.article_submit_for_review(article=article, actor=desk.author)
    with pytest.raises(PermissionDenied):
        services.article_update(article=article, actor=desk.author, title="改标题")
    services.article_update(article=article, actor=desk.editor, title="编辑改的标题")
    article.refresh_from_db()
    assert (article.title, article.status) == ("编辑改的标题", Status.REVIEW)


def test_update_cannot_move_an_article_out_of_the_jurisdiction(desk, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article()
    with pytest.raises(PermissionDenied):
        services.article_update(
            article=article, actor=desk.editor, place=Place.objects.get(code=TIANYUAN)
        )
    article.refresh_from_db()
    assert article.place_id == LILING


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>正文", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[点我](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">点我</a>', "javascript:"),
        ('<p style="color:red" onclick="x()">正文</p>', "onclick"),
        ("<iframe src='https://example.com'></iframe>", "<iframe"),
    ],
)
def test_markdown_is_sanitised(desk, make_article, markdown, forbidden) -> None:  # type: ignore[no-untyped-def]
    article = make_article(body=markdown)
    assert forbidden not in article.body_html.lower()
    services.article_update(article=article, actor=desk.editor, body=f"正文\n\n{markdown}")
    article.refresh_from_db()
    assert forbidden not in article.body_html.lower()


def test_safe_links_survive_sanitising(make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article(body="[平台](https://example.com/news)")
    assert 'href="https://example.com/news"' in article.body_html
    assert 'rel="noopener noreferrer nofollow"' in article.body_html


def test_events_are_append_only(make_article) -> None:  # type: ignore[no-untyped-def]
    event = ArticleEvent.objects.get(article=make_article())
    event.note = "改写历史"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ArticleEvent.objects.update(note="改写历史")
