"""`load_demo APP ...` loads only those apps' demos, after places and accounts."""

import io

import pytest
from django.core.management import CommandError, call_command

from cityplatform.places.models import Place

pytestmark = pytest.mark.django_db


def test_named_apps_only_with_places_and_accounts_first() -> None:
    out = io.StringIO()
    call_command("load_demo", "news", stdout=out)
    lines = out.getvalue()
    assert "places: ok" in lines
    assert "accounts: ok" in lines
    assert "news: ok" in lines
    assert "housing: ok" not in lines
    assert Place.objects.exists()


def test_an_unknown_app_is_refused() -> None:
    with pytest.raises(CommandError, match="nosuchapp"):
        call_command("load_demo", "nosuchapp", stdout=io.StringIO())
