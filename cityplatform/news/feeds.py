"""The Atom feed of the latest published news."""

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cityplatform.news import selectors
from cityplatform.news.models import Article

FEED_SIZE = 20
SUMMARY_CHARS = 200


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("%(platform)s: news") % {"platform": settings.PLATFORM_NAME}

    def subtitle(self) -> str:
        return _("The latest news of the platform.")

    def link(self) -> str:
        return reverse("news:list")

    def items(self) -> QuerySet[Article]:
        return selectors.article_list_published()[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        text = item.body_text
        summary = Truncator(text).chars(SUMMARY_CHARS)
        return f"{item.subtitle}\n{summary}" if item.subtitle else summary

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.authors or item.source

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name, *(tag.name for tag in item.tags.all())]
