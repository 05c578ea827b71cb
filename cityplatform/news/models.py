"""News (信息发布): articles a desk writes, reviews and publishes.

An article belongs to the place of the desk that publishes it (`place`), so the
jurisdiction mechanism bounds who may edit it. Its workflow is
draft → review → published (and back to draft), each step recorded as an
`ArticleEvent`. `body_html` and the `ArticleTerm` search index are derived data
that only `news.services` writes.
"""

import html

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel
from cityplatform.places.models import Place

TITLE_MAX_LENGTH = 200
TAG_MAX_LENGTH = 32
TERM_MAX_LENGTH = 64


class Category(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=TAG_MAX_LENGTH, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    subtitle = models.CharField(_("subtitle"), max_length=TITLE_MAX_LENGTH, blank=True)
    authors = models.CharField(
        _("authors"), max_length=200, blank=True, help_text=_("Names separated by spaces.")
    )
    photo_credits = models.CharField(_("photo credits"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    body = models.TextField(_("body"), help_text=_("Markdown. Raw HTML is filtered."))
    # Rendered and sanitised from `body` by news.services; safe to print unescaped.
    body_html = models.TextField(_("body (HTML)"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # The desk's place: only editors whose jurisdiction holds it may publish.
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="news_articles"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        constraints = [
            # Defence in depth: the public list orders by published_at.
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="news_article_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])

    @property
    def author_list(self) -> list[str]:
        return self.authors.split()

    @property
    def body_text(self) -> str:
        """The body as plain text (from the sanitised HTML), for summaries and search."""
        return html.unescape(strip_tags(self.body_html))


class ArticleImage(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to="news/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class ArticleEvent(AppendOnlyModel):
    """One step of an article's workflow. Append-only: history is never rewritten."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from status"), max_length=16, choices=Article.Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=16, choices=Article.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("article event")
        verbose_name_plural = _("article events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class ArticleTerm(models.Model):
    """The search index: one row per distinct term of an article.

    `weight` says where the term occurs (title 3, subtitle or tag 2, body 1, the
    highest counts) and ranks the matches of a search.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=TERM_MAX_LENGTH, db_index=True)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="news_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term
