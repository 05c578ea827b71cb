"""Reads for news.

The public sees published articles only; anything else looks absent (404). Staff
see the articles of their jurisdiction, whatever their status.

Search: the query is cut into terms (core.segmentation) and an article matches
when its `ArticleTerm` index holds all of them, ranked by where they occur. When
that finds nothing (an unusual segmentation of a name, say), the words of the
query are looked for as plain text instead.
"""

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from cityplatform.accounts.jurisdiction import get_visible_or_404, visible_to
from cityplatform.core.segmentation import owners_with_all_terms, query_terms
from cityplatform.core.validators import clean_text
from cityplatform.news.models import Article, ArticleEvent, ArticleTerm, Category

Status = Article.Status

# Longest search text honoured; longer input is cut, not refused.
QUERY_MAX_LENGTH = 100


def _published() -> QuerySet[Article]:
    return Article.objects.filter(status=Status.PUBLISHED)


def clean_query(q: str | None) -> str:
    """The search text as honoured: trimmed, and cut (not refused) past QUERY_MAX_LENGTH."""
    return clean_text(q)[:QUERY_MAX_LENGTH]


def article_list_published(
    *, q: str | None = None, category: Category | int | None = None
) -> QuerySet[Article]:
    """Published articles, newest first; with `q`, the matches, best first."""
    qs = _published().select_related("category").prefetch_related("tags")
    if category is not None:
        qs = qs.filter(category=category)
    newest_first = ("-published_at", "-id")
    text = clean_query(q)
    if not text:
        return qs.order_by(*newest_first)

    terms = query_terms(text)
    if terms:
        # Match and rank on the term index alone, then fetch only the articles found:
        # grouping the articles themselves would drag every body through the GROUP BY.
        hits = ArticleTerm.objects.filter(term__in=terms)
        matching = owners_with_all_terms(hits, "article_id", terms)
        rank = (
            hits.filter(article_id=OuterRef("pk"))
            .values("article_id")
            .annotate(total=Sum("weight"))
            .values("total")
        )
        ranked = (
            qs.filter(pk__in=matching)
            .annotate(rank=Subquery(rank))
            .order_by("-rank", *newest_first)
        )
        if ranked.exists():
            return ranked

    for word in text.split():
        qs = qs.filter(
            Q(title__icontains=word) | Q(subtitle__icontains=word) | Q(body__icontains=word)
        )
    return qs.order_by(*newest_first)


def article_get_published(pk: int) -> Article:
    """The published article with its tags and images, or Http404."""
    article = (
        _published()
        .select_related("category", "place")
        .prefetch_related("tags", "images")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404
    return article


def category_list() -> QuerySet[Category]:
    """All categories in display order, each with `article_count` (published articles)."""
    return Category.objects.annotate(
        article_count=Count("articles", filter=Q(articles__status=Status.PUBLISHED))
    ).order_by("order", "name")


def category_get(pk: int) -> Category | None:
    return Category.objects.filter(pk=pk).first()


def articles_for_staff(user: Any) -> QuerySet[Article]:
    """Articles whose place lies inside the user's jurisdiction, any status."""
    return visible_to(Article.objects.all(), user)


def article_get_for_staff(*, user: Any, pk: int) -> Article:
    """One article of the user's jurisdiction, or Http404 (outside looks like absent)."""
    return get_visible_or_404(Article.objects.all(), user, pk=pk)


def article_events(article: Article) -> QuerySet[ArticleEvent]:
    return article.events.select_related("actor").order_by("at", "id")
