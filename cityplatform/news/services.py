"""Writes for news: articles, their images, and their workflow.

Every write validates its input first and then changes the database inside one
transaction, together with its `ArticleEvent` and audit entry. The derived data
(`body_html`, the `ArticleTerm` search index) is rebuilt here and nowhere else.

`actor` is the user doing it; `None` means the platform itself (the demo loader,
data imports) and skips the role checks. Web pages and the API always pass the
logged-in user.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.models import User
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.markup import render_markdown
from cityplatform.core.segmentation import index_terms
from cityplatform.core.validators import clean_text
from cityplatform.news import permissions
from cityplatform.news.models import (
    TAG_MAX_LENGTH,
    TERM_MAX_LENGTH,
    Article,
    ArticleEvent,
    ArticleImage,
    ArticleTerm,
    Category,
    Tag,
)
from cityplatform.places.models import Place

Status = Article.Status

MAX_TAGS = 10
NOTE_MAX_LENGTH = 2000
BODY_MAX_LENGTH = 100_000
_TAG_SEPARATORS = re.compile(r"[\s,，、;；]+")

# Where a term occurs decides how much a match on it counts.
WEIGHT_TITLE = 3
WEIGHT_SUBTITLE = 2
WEIGHT_TAG = 2
WEIGHT_BODY = 1

TEXT_FIELDS = ("title", "subtitle", "authors", "photo_credits", "source", "body")


def tag_names_normalize(value: str | Iterable[str]) -> list[str]:
    """Distinct tag names, in order, from a list or from text separated by spaces or commas.

    Raises ValidationError (on "tags") for a name too long or too many names.
    """
    items = _TAG_SEPARATORS.split(value) if isinstance(value, str) else list(value)
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValidationError({"tags": [_("Each tag must be text.")]})
        name = clean_text(item)
        if not name:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise ValidationError(
                {
                    "tags": [
                        ValidationError(
                            _("A tag has at most %(max)d characters."),
                            code="max_length",
                            params={"max": TAG_MAX_LENGTH},
                        )
                    ]
                }
            )
        if name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ValidationError(
            {
                "tags": [
                    ValidationError(
                        _("Give at most %(max)d tags."), code="too_many", params={"max": MAX_TAGS}
                    )
                ]
            }
        )
    return names


def _validate(article: Article) -> None:
    for field in TEXT_FIELDS:
        setattr(article, field, clean_text(getattr(article, field)))
    errors: dict[str, list[Any]] = {}
    if len(article.body) > BODY_MAX_LENGTH:
        errors["body"] = [
            ValidationError(
                _("Enter at most %(max)d characters."),
                code="max_length",
                params={"max": BODY_MAX_LENGTH},
            )
        ]
    try:
        article.full_clean(exclude=["created_by", *errors])
    except ValidationError as exc:
        for field, messages in exc.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def term_weights(title: str, subtitle: str, tag_names: list[str], body_text: str) -> dict[str, int]:
    """An article's search terms, each with the weight of where it occurs (values, not
    a model: migrations re-index with it)."""
    weights: dict[str, int] = {}

    def add(terms: Iterable[str], weight: int) -> None:
        for term in terms:
            if len(term) <= TERM_MAX_LENGTH and weights.get(term, 0) < weight:
                weights[term] = weight

    add(index_terms(title), WEIGHT_TITLE)
    add(index_terms(subtitle), WEIGHT_SUBTITLE)
    for name in tag_names:
        add([name.lower(), *index_terms(name)], WEIGHT_TAG)
    add(index_terms(body_text), WEIGHT_BODY)
    return weights


def _reindex(article: Article, tag_names: list[str]) -> None:
    """Replace the article's search terms. Call inside the writing transaction."""
    ArticleTerm.objects.filter(article=article).delete()
    ArticleTerm.objects.bulk_create(
        ArticleTerm(article=article, term=term, weight=weight)
        for term, weight in sorted(
            term_weights(article.title, article.subtitle, tag_names, article.body_text).items()
        )
    )


def _set_tags(article: Article, tag_names: list[str]) -> None:
    tags = [Tag.objects.get_or_create(name=name)[0] for name in tag_names]
    article.tags.set(tags)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def article_create(
    *,
    actor: User | None,
    title: str,
    body: str,
    category: Category,
    place: Place,
    subtitle: str = "",
    authors: str = "",
    photo_credits: str = "",
    source: str = "",
    tags: str | Iterable[str] = (),
) -> Article:
    """A new draft, with its HTML rendered and its search terms indexed."""
    if actor is not None:
        _require(
            permissions.can_write_for(actor, place),
            gettext("You may not write news for this place."),
        )
    article = Article(
        title=title,
        subtitle=subtitle,
        authors=authors,
        photo_credits=photo_credits,
        source=source,
        body=body,
        category=category,
        place=place,
        status=Status.DRAFT,
        created_by=actor,
    )
    _validate(article)
    tag_names = tag_names_normalize(tags)
    article.body_html = render_markdown(article.body)
    with transaction.atomic():
        article.save()
        _set_tags(article, tag_names)
        _reindex(article, tag_names)
        ArticleEvent.objects.create(article=article, to_status=Status.DRAFT, actor=actor)
        audit_record(action=Action.CREATE, actor=actor, obj=article)
    return article


def article_update(
    *,
    article: Article,
    actor: User | None,
    title: str | None = None,
    subtitle: str | None = None,
    authors: str | None = None,
    photo_credits: str | None = None,
    source: str | None = None,
    body: str | None = None,
    category: Category | None = None,
    place: Place | None = None,
    tags: str | Iterable[str] | None = None,
) -> Article:
    """Change the given fields (None: leave as is); `article` is updated in place too.

    The status never changes here; see the transitions below.
    """
    changes: dict[str, Any] = {
        "title": title,
        "subtitle": subtitle,
        "authors": authors,
        "photo_credits": photo_credits,
        "source": source,
        "body": body,
        "category": category,
        "place": place,
    }
    changes = {field: value for field, value in changes.items() if value is not None}
    tag_names = tag_names_normalize(tags) if tags is not None else None
    with transaction.atomic():
        # Decide on the stored row, locked: an editor publishing at the same moment
        # must not let an author keep editing what is no longer a draft.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if actor is not None:
            _require(
                permissions.can_edit(actor, locked),
                gettext("You may not change this article."),
            )
            if place is not None:
                _require(
                    permissions.in_jurisdiction(actor, place),
                    gettext("You may not move an article outside your jurisdiction."),
                )
        old_body = locked.body
        for field, value in changes.items():
            setattr(locked, field, value)
        _validate(locked)
        if locked.body != old_body or not locked.body_html:
            locked.body_html = render_markdown(locked.body)
        locked.save()
        if tag_names is not None:
            _set_tags(locked, tag_names)
        else:
            tag_names = list(locked.tags.values_list("name", flat=True))
        _reindex(locked, tag_names)
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"fields": sorted(changes)}
        )
    _copy_into(article, locked)
    return locked


def _copy_into(target: Article, source: Article) -> None:
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def article_image_add(
    *, article: Article, actor: User | None, image: File[Any], caption: str = "", order: int = 0
) -> ArticleImage:
    if actor is not None:
        _require(permissions.can_edit(actor, article), gettext("You may not change this article."))
    obj = ArticleImage(article=article, image=image, caption=clean_text(caption), order=order)
    obj.full_clean()
    with transaction.atomic():
        obj.save()
    return obj


def _transition(
    *,
    article: Article,
    actor: User | None,
    from_status: str,
    to_status: str,
    editor_only: bool,
    note: str = "",
) -> Article:
    note = clean_text(note)
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": [_("Enter at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}]}
        )
    with transaction.atomic():
        # Lock and decide on the stored status: of two editors clicking at once,
        # the second sees the first's change (409), not a stale status.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if actor is not None:
            allowed = permissions.is_editor(actor) if editor_only else permissions.is_author(actor)
            _require(
                allowed and permissions.in_jurisdiction(actor, locked.place_id),
                gettext("Only an editor of this place may do this.")
                if editor_only
                else gettext("Only an author or editor of this place may do this."),
            )
        current = locked.status
        if current != from_status:
            raise DomainError(
                "invalid_transition",
                gettext("An article that is “%(from)s” cannot become “%(to)s”.")
                % {"from": Status(current).label, "to": Status(to_status).label},
                status=409,
                current_status=current,
            )
        locked.status = to_status
        if to_status == Status.PUBLISHED and locked.published_at is None:
            locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        ArticleEvent.objects.create(
            article=locked, from_status=current, to_status=to_status, actor=actor, note=note
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"from_status": current, "to_status": to_status},
        )
    _copy_into(article, locked)
    return locked


def article_submit_for_review(*, article: Article, actor: User | None, note: str = "") -> Article:
    """draft → review; an author or editor of the article's place."""
    return _transition(
        article=article,
        actor=actor,
        from_status=Status.DRAFT,
        to_status=Status.REVIEW,
        editor_only=False,
        note=note,
    )


def article_publish(*, article: Article, actor: User | None, note: str = "") -> Article:
    """review → published; an editor. The first publication sets `published_at`."""
    return _transition(
        article=article,
        actor=actor,
        from_status=Status.REVIEW,
        to_status=Status.PUBLISHED,
        editor_only=True,
        note=note,
    )


def article_return_to_draft(*, article: Article, actor: User | None, note: str = "") -> Article:
    """review → draft, with the editor's note saying what to change."""
    return _transition(
        article=article,
        actor=actor,
        from_status=Status.REVIEW,
        to_status=Status.DRAFT,
        editor_only=True,
        note=note,
    )


def article_unpublish(*, article: Article, actor: User | None, note: str = "") -> Article:
    """published → draft; an editor. `published_at` stays for a later republication."""
    return _transition(
        article=article,
        actor=actor,
        from_status=Status.PUBLISHED,
        to_status=Status.DRAFT,
        editor_only=True,
        note=note,
    )
