"""Who may write, edit and publish news.

Authors (`news_author`) write drafts and submit them; editors (`news_editor`) also
publish, return and unpublish. Either may act only on articles whose place lies
inside their jurisdiction (accounts.jurisdiction). A superuser is every role.
"""

from typing import Any

from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.news.models import Article
from cityplatform.places.models import Place

AUTHOR = "news_author"
EDITOR = "news_editor"


def _active(user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def is_editor(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(EDITOR))


def is_author(user: Any) -> bool:
    """Authors and editors both write."""
    return _active(user) and (user.is_superuser or user.has_role(AUTHOR) or is_editor(user))


def in_jurisdiction(user: Any, place: Place | str) -> bool:
    return place_visible_to(user, place if isinstance(place, str) else place.code)


def can_write_for(user: Any, place: Place | str) -> bool:
    """May create an article for this place."""
    return is_author(user) and in_jurisdiction(user, place)


def can_edit(user: Any, article: Article) -> bool:
    """Editors edit any article of their jurisdiction; authors only drafts."""
    if not in_jurisdiction(user, article.place_id):
        return False
    if is_editor(user):
        return True
    return is_author(user) and article.status == Article.Status.DRAFT
