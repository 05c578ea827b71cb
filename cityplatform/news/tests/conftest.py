"""Named people and articles for the news tests.

The desk is 醴陵's: `author` writes, `editor` publishes. `tianyuan_editor` is an editor
of another county, `stranger` is logged in without a news role.
"""

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from cityplatform.news import services
from cityplatform.news.models import Article, Category
from cityplatform.places.models import Place
from conftest import LILING, TIANYUAN


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def category(places: None) -> Category:
    return Category.objects.get_or_create(
        slug="civil-affairs", defaults={"name": "民政动态", "order": 20}
    )[0]


@pytest.fixture
def desk(make_user: Any) -> SimpleNamespace:
    return SimpleNamespace(
        author=make_user("author", roles=["news_author"], place=LILING, is_staff=True),
        editor=make_user("editor", roles=["news_editor"], place=LILING, is_staff=True),
        tianyuan_editor=make_user("tyeditor", roles=["news_editor"], place=TIANYUAN),
        stranger=make_user("stranger", place=LILING),
    )


@pytest.fixture
def make_article(category: Category) -> Callable[..., Article]:
    def make(title: str = "民政局开展关爱行动", *, publish: bool = False, **kwargs: Any) -> Article:
        values: dict[str, Any] = {
            "actor": None,
            "body": "醴陵市民政局关爱“四类儿童”,做好疫情防控工作。",
            "category": category,
            "place": Place.objects.get(code=LILING),
            "tags": ["民政"],
        }
        values.update(kwargs)
        article = services.article_create(title=title, **values)
        if publish:
            services.article_submit_for_review(article=article, actor=None)
            services.article_publish(article=article, actor=None)
        return article

    return make
