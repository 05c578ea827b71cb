"""Navigation for the base layout, built from the installed apps.

An app that wants a menu entry says so on its AppConfig:
`nav_items = [(_("News"), "news:list")]`, ordered by `nav_order`.
"""

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from cityplatform.portal.selectors import platform_contact


def _nav_items() -> list[dict[str, str]]:
    configs = sorted(
        (c for c in apps.get_app_configs() if getattr(c, "nav_items", None)),
        key=lambda c: getattr(c, "nav_order", 100),
    )
    items = []
    for config in configs:
        for label, url_name in config.nav_items:  # type: ignore[attr-defined]
            try:
                items.append({"label": str(label), "url": reverse(url_name)})
            except NoReverseMatch:
                continue
    return items


def site_navigation(request: HttpRequest) -> dict[str, Any]:
    return {
        "nav_items": _nav_items(),
        # Queried only by templates that show the card (the footer does).
        "platform_contact": SimpleLazyObject(platform_contact),
    }
