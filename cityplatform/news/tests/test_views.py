"""The public pages: list with search and filter, article, Atom feed."""

import io
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from cityplatform.news import demo
from cityplatform.news.models import Article, Category

pytestmark = pytest.mark.django_db

REPORT = "危难之时显身手 履职尽责勇担当"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def demo_news(places) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())


def _links(html: str) -> list[str]:
    return re.findall(r'class="article-link" href="[^"]+">([^<]+)</a>', html)


def _feed(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)  # noqa: S314 - our own feed, in a test


def _assert_csp_clean(html: str) -> None:
    # Strict CSP: no inline scripts, styles or event handlers.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_list(client, demo_news) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("news:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _links(html) == [spec["title"] for spec in demo.ARTICLES]
    assert 'name="q"' in html
    assert 'type="submit"' in html
    assert reverse("news:feed") in html
    _assert_csp_clean(html)


def test_list_search(client, demo_news) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("news:list"), {"q": "四类儿童"}).content.decode()
    assert _links(html) == [REPORT]
    assert 'value="四类儿童"' in html
    html = client.get(reverse("news:list"), {"q": "量子计算机"}).content.decode()
    assert _links(html) == []


@pytest.mark.parametrize("how", ["pk", "slug"])
def test_list_category_filter(client, demo_news, how) -> None:  # type: ignore[no-untyped-def]
    notices = Category.objects.get(name="通知公告")
    html = client.get(reverse("news:list"), {"category": getattr(notices, how)}).content.decode()
    assert _links(html) == ["平台服务地址及联系电话公告"]


@pytest.mark.parametrize("params", [{"category": "x"}, {"category": "999999"}, {"page": "x"}])
def test_list_ignores_bad_parameters(client, demo_news, params) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("news:list"), params)
    assert response.status_code == 200
    assert len(_links(response.content.decode())) == 3


def test_list_is_paginated_by_ten(client, make_article) -> None:  # type: ignore[no-untyped-def]
    for i in range(12):
        make_article(f"第{i:02d}篇", publish=True)
    first = _links(client.get(reverse("news:list")).content.decode())
    second = _links(client.get(reverse("news:list"), {"page": 2}).content.decode())
    assert len(first) == 10
    assert len(second) == 2
    assert first[0] == "第11篇"
    assert second[-1] == "第00篇"


def test_detail(client, demo_news) -> None:  # type: ignore[no-untyped-def]
    article = Article.objects.get(title=REPORT)
    response = client.get(reverse("news:detail", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        REPORT,
        "——醴陵市民政局部门抗击新冠肺炎疫情工作综述",
        "李逸峰 全小云 丁时伟",
        "醴陵市民政局",
        "<h2>党员突击队下沉社区,精心织密“防护网”</h2>",
        "要发挥社会工作的专业优势",
        "民政党员干部下沉社区一线抗疫",
        "关爱慰问“四类儿童”",
        'class="tag"',
        "疫情防控",
    ):
        assert text in html, text
    assert html.count("<figure>") == 2
    _assert_csp_clean(html)


def test_detail_of_draft_is_404(client, make_article) -> None:  # type: ignore[no-untyped-def]
    draft = make_article()
    assert client.get(reverse("news:detail", args=[draft.pk])).status_code == 404
    assert client.get("/news/999999/").status_code == 404


def test_detail_prints_sanitised_html(client, make_article) -> None:  # type: ignore[no-untyped-def]
    article = make_article(body="<script>alert(1)</script>**粗体**", publish=True)
    html = client.get(reverse("news:detail", args=[article.pk])).content.decode()
    assert "<strong>粗体</strong>" in html
    assert "alert(1)</script>" not in html


def test_atom_feed(client, demo_news, make_article) -> None:  # type: ignore[no-untyped-def]
    draft = make_article("一篇草稿")
    response = client.get(reverse("news:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = _feed(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == [spec["title"] for spec in demo.ARTICLES]
    assert draft.title not in response.content.decode()
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "李逸峰 全小云 丁时伟"
    assert "/news/" in (entry.find(f"{ATOM}link").get("href") or "")  # type: ignore[union-attr]


def test_feed_holds_the_latest_twenty(client, make_article) -> None:  # type: ignore[no-untyped-def]
    for i in range(22):
        make_article(f"第{i:02d}篇", publish=True)
    feed = _feed(client.get(reverse("news:feed")).content)
    assert len(list(feed.iter(f"{ATOM}entry"))) == 20
