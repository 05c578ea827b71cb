"""News API, mounted at /api/news/.

Public: categories, published articles and one published article.
Staff (token or session): write drafts and move articles through the workflow,
inside their jurisdiction.
"""

from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from cityplatform.accounts.auth import api_auth
from cityplatform.core.pagination import Pagination
from cityplatform.news import selectors, services
from cityplatform.news.models import (
    TAG_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Article,
    ArticleImage,
    Category,
)
from cityplatform.places.models import Place

router = Router(tags=["news"])

MAX_ID = 2**31 - 1


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    order: int


class ImageOut(Schema):
    url: str
    caption: str

    @staticmethod
    def resolve_url(obj: ArticleImage) -> str:
        return obj.image.url


class ArticleSummaryOut(Schema):
    id: int
    title: str
    subtitle: str
    authors: str
    source: str
    category: CategoryOut
    tags: list[str]
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_tags(obj: Article) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_url(obj: Article) -> str:
        return obj.get_absolute_url()


class ArticleOut(ArticleSummaryOut):
    photo_credits: str
    place_code: str
    body_html: str
    images: list[ImageOut]

    @staticmethod
    def resolve_place_code(obj: Article) -> str:
        return obj.place_id

    @staticmethod
    def resolve_images(obj: Article) -> list[ArticleImage]:
        return list(obj.images.all())


class ArticleStaffOut(ArticleOut):
    status: str
    body: str
    updated_at: datetime


class ArticleFilters(Schema):
    q: str | None = Field(None, max_length=100)
    category: int | None = Field(None, ge=1, le=MAX_ID)


class ArticleIn(Schema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH)
    subtitle: str = Field("", max_length=TITLE_MAX_LENGTH)
    authors: str = Field("", max_length=200)
    photo_credits: str = Field("", max_length=200)
    source: str = Field("", max_length=200)
    category_id: int = Field(..., ge=1, le=MAX_ID)
    place_code: str | None = Field(
        None, pattern=r"^\d{12}$", description="Defaults to the user's jurisdiction."
    )
    tags: list[Annotated[str, StringConstraints(max_length=TAG_MAX_LENGTH)]] = Field(
        default_factory=list, max_length=services.MAX_TAGS
    )
    body: str = Field(..., min_length=1, max_length=services.BODY_MAX_LENGTH)


class NoteIn(Schema):
    note: str = Field("", max_length=services.NOTE_MAX_LENGTH)


@router.get("/categories", response=list[CategoryOut])
def categories(request: HttpRequest) -> list[Category]:
    return list(selectors.category_list())


@router.get("/articles", response=list[ArticleSummaryOut])
@paginate(Pagination)
def articles(request: HttpRequest, filters: Query[ArticleFilters]) -> object:
    return selectors.article_list_published(q=filters.q, category=filters.category)


@router.get("/articles/{article_id}", response=ArticleOut)
def article(request: HttpRequest, article_id: int) -> Article:
    return selectors.article_get_published(article_id)


def _place_for(request: HttpRequest, code: str | None) -> Place:
    if code is None:
        own: Place | None = getattr(request.user, "jurisdiction", None)
        if own is None:
            raise ValidationError({"place_code": [_("Give the place the article belongs to.")]})
        return own
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise ValidationError({"place_code": [_("Unknown place.")]})
    return place


@router.post("/articles", response={201: ArticleStaffOut}, auth=api_auth)
def article_create(request: HttpRequest, payload: ArticleIn) -> Status[Article]:
    category = selectors.category_get(payload.category_id)
    if category is None:
        raise ValidationError({"category_id": [_("Unknown category.")]})
    article = services.article_create(
        actor=request.user,  # type: ignore[arg-type]
        title=payload.title,
        subtitle=payload.subtitle,
        authors=payload.authors,
        photo_credits=payload.photo_credits,
        source=payload.source,
        category=category,
        place=_place_for(request, payload.place_code),
        tags=payload.tags,
        body=payload.body,
    )
    return Status(201, article)


def _staff_article(request: HttpRequest, article_id: int) -> Article:
    return selectors.article_get_for_staff(user=request.user, pk=article_id)


@router.post("/articles/{article_id}/submit", response=ArticleStaffOut, auth=api_auth)
def article_submit(request: HttpRequest, article_id: int, payload: NoteIn | None = None) -> Article:
    return services.article_submit_for_review(
        article=_staff_article(request, article_id),
        actor=request.user,  # type: ignore[arg-type]
        note=payload.note if payload else "",
    )


@router.post("/articles/{article_id}/publish", response=ArticleStaffOut, auth=api_auth)
def article_publish(
    request: HttpRequest, article_id: int, payload: NoteIn | None = None
) -> Article:
    return services.article_publish(
        article=_staff_article(request, article_id),
        actor=request.user,  # type: ignore[arg-type]
        note=payload.note if payload else "",
    )


@router.post("/articles/{article_id}/return", response=ArticleStaffOut, auth=api_auth)
def article_return(request: HttpRequest, article_id: int, payload: NoteIn | None = None) -> Article:
    return services.article_return_to_draft(
        article=_staff_article(request, article_id),
        actor=request.user,  # type: ignore[arg-type]
        note=payload.note if payload else "",
    )


@router.post("/articles/{article_id}/unpublish", response=ArticleStaffOut, auth=api_auth)
def article_unpublish(
    request: HttpRequest, article_id: int, payload: NoteIn | None = None
) -> Article:
    return services.article_unpublish(
        article=_staff_article(request, article_id),
        actor=request.user,  # type: ignore[arg-type]
        note=payload.note if payload else "",
    )
