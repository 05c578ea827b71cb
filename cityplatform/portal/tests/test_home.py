import io

import pytest
from django.core.management import call_command

from cityplatform.portal.models import PlatformContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(places: None) -> None:
    call_command("load_demo", "portal", "news", "directory", stdout=io.StringIO())


def test_home_shows_news_directory_and_contact_card(client, demo) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/").content.decode()
    assert "危难之时显身手" in page
    assert "株洲市白蚁防治有限公司" in page
    assert "株洲市房地产测绘队" in page
    assert "天元区韶山路568号" in page
    assert "28200686" in page
    assert "28200618" in page
    assert "T28路" in page


def test_navigation_lists_the_installed_sections(client, demo) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/").content.decode()
    assert 'href="/news/"' in page
    assert 'href="/services/"' in page


def test_contact_card_is_data(client, demo) -> None:  # type: ignore[no-untyped-def]
    card = PlatformContact.objects.get(is_active=True)
    card.hotlines = "28200686, 28209999"
    card.save()
    assert "28209999" in client.get("/").content.decode()


def test_english_is_available(client, demo) -> None:  # type: ignore[no-untyped-def]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Latest news" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "最新资讯" in client.get("/").content.decode()


DEMO_APPS = {"places", "accounts", "portal", "news", "directory", "housing"}


def _row_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in DEMO_APPS
    }


def test_demo_is_idempotent(demo) -> None:  # type: ignore[no-untyped-def]
    before = _row_counts()
    call_command("load_demo", "portal", "news", "directory", stdout=io.StringIO())
    assert _row_counts() == before


def test_healthz(client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/healthz").content == b"ok"


def test_chinese_even_when_the_browser_asks_for_english(client, demo) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "最新资讯" in page
