"""The demo: the seed's ads as published, verified listings, loaded through the import;
loading twice changes nothing."""

import io

import pytest
from django.apps import apps

from cityplatform.accounts.models import User
from cityplatform.housing import demo
from cityplatform.housing.models import Listing, ListingStatus
from cityplatform.housing.selectors import listings_for_staff, listings_public

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config("housing").get_models()}


def test_demo_publishes_the_seed_and_is_idempotent(make_user) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    demo.load(out)
    assert "42 ads, 41 listings created, 1 not importable" in out.getvalue()
    before = _counts()
    demo.load(io.StringIO())
    assert _counts() == before
    assert before["housing.Listing"] == 41
    published = listings_public()
    assert published.count() == 41
    assert all(listing.verified for listing in published)
    assert not Listing.objects.exclude(status=ListingStatus.PUBLISHED).exists()
    assert all(x.source_key for x in Listing.objects.all())


def test_demo_login_is_city_housing_staff(make_user) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())
    user = User.objects.get(username="fangchan")
    assert user.is_staff
    assert user.has_role("housing_staff")
    assert user.check_password("demo-pass-2026")
    assert listings_for_staff(user).count() == 41
    assert ("fangchan", "二手房交易员 (株洲市)") in demo.LOGINS


def test_demo_has_buyer_demands_with_matches(make_user) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.housing.models import BuyerDemand, MatchNotice
    from cityplatform.housing.selectors_matching import demands_for_staff, matches_to_call

    out = io.StringIO()
    demo.load(out)
    assert "2 buyer demands" in out.getvalue()
    user = User.objects.get(username="fangchan")
    assert demands_for_staff(user).count() == BuyerDemand.objects.count() == 2
    assert MatchNotice.objects.exists()
    assert matches_to_call(user).count() == MatchNotice.objects.count()
