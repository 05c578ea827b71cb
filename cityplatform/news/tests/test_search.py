"""Searching published news by segmented terms, with a plain-text fallback."""

import io

import pytest

from cityplatform.news import demo, services
from cityplatform.news.models import Article, Category
from cityplatform.news.selectors import article_list_published

pytestmark = pytest.mark.django_db

REPORT = "危难之时显身手 履职尽责勇担当"


@pytest.fixture
def demo_news(places) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())


def _titles(q: str | None = None, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.title for a in article_list_published(q=q, **kwargs)]


@pytest.mark.parametrize("q", ["疫情防控", "四类儿童", "养老机构", "  三社联动 ", "醴陵市民政局"])
def test_finds_the_demo_report(demo_news, q) -> None:  # type: ignore[no-untyped-def]
    assert _titles(q) == [REPORT]


@pytest.mark.parametrize("q", ["量子计算机", "xyzzy", "恐龙化石 火星", "!!!"])
def test_nonsense_finds_nothing(demo_news, q) -> None:  # type: ignore[no-untyped-def]
    assert _titles(q) == []


def test_empty_query_lists_everything_newest_first(demo_news) -> None:  # type: ignore[no-untyped-def]
    assert _titles() == [spec["title"] for spec in demo.ARTICLES]
    assert _titles("   ") == _titles()


def test_all_terms_must_match(demo_news) -> None:  # type: ignore[no-untyped-def]
    assert _titles("便民服务") == [spec["title"] for spec in demo.ARTICLES[1:]]
    assert _titles("便民服务 公交车") == ["平台服务地址及联系电话公告"]


def test_title_matches_rank_first(demo_news, make_article) -> None:  # type: ignore[no-untyped-def]
    # Published after the report, but 四类儿童 is only in its body, not its title.
    make_article("一篇新报道", body="也提到了四类儿童。", tags=[], publish=True)
    make_article("四类儿童关爱行动", body="正文。", tags=[], publish=True)
    assert _titles("四类儿童") == ["四类儿童关爱行动", REPORT, "一篇新报道"]


def test_drafts_and_reviews_never_appear(demo_news, make_article) -> None:  # type: ignore[no-untyped-def]
    draft = make_article("疫情防控草稿", body="四类儿童 养老机构")
    review = make_article("疫情防控待审稿", body="四类儿童 养老机构")
    services.article_submit_for_review(article=review, actor=None)
    for q in (None, "疫情防控", "四类儿童", "草稿", "待审稿"):
        titles = _titles(q)
        assert draft.title not in titles
        assert review.title not in titles
    unpublished = Article.objects.get(title=REPORT)
    services.article_unpublish(article=unpublished, actor=None)
    assert _titles("四类儿童") == []


def test_fallback_finds_text_the_segmenter_splits_oddly(demo_news, make_article) -> None:  # type: ignore[no-untyped-def]
    make_article("李耿镇华埠村风塘组慰问", body="走访。", tags=[], publish=True)
    # 埠村风 is no word, so no term matches; the plain-text search finds it.
    assert _titles("埠村风") == ["李耿镇华埠村风塘组慰问", REPORT]


def test_category_filter(demo_news) -> None:  # type: ignore[no-untyped-def]
    notices = Category.objects.get(name="通知公告")
    assert _titles(category=notices) == ["平台服务地址及联系电话公告"]
    assert _titles(category=notices.pk) == ["平台服务地址及联系电话公告"]
    assert _titles("四类儿童", category=notices) == []


def test_search_text_is_cut_and_cleaned(demo_news) -> None:  # type: ignore[no-untyped-def]
    assert _titles("四类\x00儿童" + " " * 200 + "恐龙") == [REPORT]


def test_the_reindex_migration_gives_what_the_services_give(make_article) -> None:  # type: ignore[no-untyped-def]
    import importlib

    from django.apps import apps

    from cityplatform.news.models import ArticleTerm

    migration = importlib.import_module("cityplatform.news.migrations.0002_search_phrases_as_terms")
    article = make_article(body="新建安置小区交通方便，配套齐全。", publish=True)
    expected = set(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))
    assert ("交通方便", 1) in expected  # an ad phrase the housing app adds: one term
    ArticleTerm.objects.filter(article=article, term="交通方便").delete()  # an older index
    migration.reindex_articles(apps, None)
    assert (
        set(ArticleTerm.objects.filter(article=article).values_list("term", "weight")) == expected
    )
    assert [a.pk for a in article_list_published(q="交通方便")] == [article.pk]
