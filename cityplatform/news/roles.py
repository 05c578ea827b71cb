from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

_ARTICLE_PERMISSIONS = [
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.view_articleimage",
    "news.add_articleimage",
    "news.change_articleimage",
    "news.delete_articleimage",
    "news.view_articleevent",
]

ROLES = [
    Role(
        "news_author",
        _("News author"),
        permissions=_ARTICLE_PERMISSIONS,
        description=_(
            "Writes news drafts of their jurisdiction in the admin and submits them for review."
        ),
    ),
    Role(
        "news_editor",
        _("News editor"),
        permissions=[
            *_ARTICLE_PERMISSIONS,
            "news.view_category",
            "news.add_category",
            "news.change_category",
            "news.view_tag",
            "news.add_tag",
            "news.change_tag",
        ],
        description=_(
            "Edits, publishes, returns and unpublishes the news of their jurisdiction; "
            "manages categories and tags."
        ),
    ),
]
