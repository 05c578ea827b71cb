"""The demo loader: the seed report as published, and idempotent."""

import io

import pytest
from PIL import Image

from cityplatform.news import demo
from cityplatform.news.models import (
    Article,
    ArticleEvent,
    ArticleImage,
    ArticleTerm,
    Category,
    Tag,
)
from conftest import LILING

pytestmark = pytest.mark.django_db

REPORT = "危难之时显身手 履职尽责勇担当"
MODELS = (Article, ArticleImage, ArticleEvent, ArticleTerm, Category, Tag)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loads_the_seed_report(places) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())
    article = Article.objects.get(title=REPORT)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert article.subtitle == "——醴陵市民政局部门抗击新冠肺炎疫情工作综述"
    assert article.author_list == ["李逸峰", "全小云", "丁时伟"]
    assert article.photo_credits == "醴陵市民政局"
    assert article.source
    assert article.place_id == LILING
    assert article.category.name == "民政动态"
    assert {"疫情防控", "民政", "四类儿童", "养老机构"} <= set(
        article.tags.values_list("name", flat=True)
    )
    assert article.body_html.count("<h2>") == 3
    # Sentences the captions and page breaks had split are whole again.
    for sentence in (
        "必须紧紧依靠人民群众。要发挥社会工作的专业优势",
        "心理援助专家志愿服务团队,免费提供",
        "复工复产、春耕生产等志愿服务活动",
        "事实无人抚养儿童“四类儿童”的基本情况",
    ):
        assert sentence in article.body, sentence
    assert "▲" not in article.body
    assert "文/" not in article.body
    images = list(article.images.all())
    assert [i.caption for i in images] == ["民政党员干部下沉社区一线抗疫", "关爱慰问“四类儿童”"]
    with Image.open(images[0].image.path) as png:
        assert png.format == "PNG"
        assert png.size[0] <= 400


def test_loads_platform_notices(places) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())
    assert set(Category.objects.values_list("name", flat=True)) == {
        "通知公告",
        "民政动态",
        "平台动态",
    }
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert published.count() == 3
    assert published.filter(category__name="通知公告").exists()
    assert published.filter(category__name="平台动态").exists()


def test_loading_twice_creates_nothing(places) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())
    before = _counts()
    out = io.StringIO()
    demo.load(out)
    assert _counts() == before
    assert out.getvalue() == ""
