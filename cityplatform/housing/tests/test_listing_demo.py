"""The demo: the seed's ads as published, verified listings, loaded through the import;
a few viewings and deals over them; loading twice changes nothing."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from cityplatform.accounts.models import User
from cityplatform.housing import demo
from cityplatform.housing.models import Deal, DealStage, Listing, ListingStatus, Viewing
from cityplatform.housing.selectors import listing_events, listings_for_staff, listings_public
from cityplatform.housing.staff_selectors import deal_events, viewings_for_staff, viewings_today
from cityplatform.housing.tests.scheduling import days_ahead, set_clock

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
    # All 41 were published; the demo's deals took two off the market (test below).
    assert published.count() == 39
    assert all(listing.verified for listing in published)
    assert sorted(Listing.objects.exclude(status=ListingStatus.PUBLISHED).values_list(
        "status", flat=True
    )) == [ListingStatus.SOLD, ListingStatus.UNDER_OFFER]  # fmt: skip
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
    assert matches_to_call(user).count() == MatchNotice.objects.count()  # all on the market


def test_demo_has_viewings_and_deals_made_by_the_services(make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    set_clock(monkeypatch, days_ahead(0, 9))  # whenever the suite runs: this morning
    out = io.StringIO()
    demo.load(out)
    assert "2 viewings booked, 3 deals" in out.getvalue()
    user = User.objects.get(username="fangchan")
    mine, _others = viewings_today(user)
    assert [(v.buyer_name, v.listing.community.name) for v in mine] == [("孙女士", "滨江一村")]
    assert timezone.localtime(mine[0].starts_at).hour == 16
    tomorrow = list(viewings_for_staff(user, day=timezone.localdate() + timedelta(days=1)))
    assert [v.listing.community.name for v in tomorrow] == ["龙腾国际"]
    deals = {d.listing.community.name: d for d in Deal.objects.select_related("listing")}
    states = {name: (d.stage, d.listing.status) for name, d in deals.items()}
    assert states == {
        "泰山公馆": (DealStage.CONTRACT, ListingStatus.UNDER_OFFER),
        "钻石花园": (DealStage.CLOSED, ListingStatus.SOLD),
        "锦云小区": (DealStage.FALLEN_THROUGH, ListingStatus.PUBLISHED),
    }
    assert deals["钻石花园"].agreed_price_yuan == Decimal("415000")  # 97 % of 42.8万
    assert list(deal_events(deals["锦云小区"]))[-1].note == "买家贷款未获批准"
    sold = listing_events(deals["钻石花园"].listing).last()
    assert sold is not None
    assert (sold.to_status, sold.actor) == (ListingStatus.SOLD, user)
    # Loading again adds nothing, even the day after.
    set_clock(monkeypatch, days_ahead(1, 9))
    again = io.StringIO()
    demo.load(again)
    assert "0 viewings booked, 0 deals" in again.getvalue()
    assert Viewing.objects.count() == 2


def test_demo_books_no_viewing_today_late_in_the_evening(make_user, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    set_clock(monkeypatch, days_ahead(0, 20, 30))
    demo.load(io.StringIO())
    user = User.objects.get(username="fangchan")
    assert viewings_today(user) == ([], [])
    assert Viewing.objects.count() == 1  # tomorrow's
