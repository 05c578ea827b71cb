"""Match notices: the reverse match runs as a task after a listing is published or
re-priced; instant buyers get a message at once, digest buyers once a day, at most N
listings; nobody is sent a listing twice; staff see what to call about."""

from typing import Any

import pytest
from django.core.management import call_command

from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import BuyerMessage, Listing, MatchNotice
from cityplatform.housing.selectors_matching import (
    demands_for_staff,
    demands_unassigned,
    matches_to_call,
)
from cityplatform.housing.tests.conftest import open_deal, publish
from cityplatform.housing.tests.demand_helpers import register
from cityplatform.portal.models import PlatformContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotline(db: Any) -> None:
    PlatformContact.objects.create(
        name="株洲市城市综合服务信息平台", address="天元区", hotlines="28200618",
        housing_hotline="28200686",
    )  # fmt: skip


def test_publishing_notifies_the_buyers_it_fits(people, make_listing, live, hotline) -> None:  # type: ignore[no-untyped-def]
    instant = register(assigned_to=people.staff)
    digest = register(notice_preference="digest")
    register(budget_max_yuan=750_000)  # too dear for this one
    listing = live(lambda: publish(make_listing(features=["家电齐全"])))
    notices = {n.demand_id: n for n in MatchNotice.objects.filter(listing=listing)}
    assert set(notices) == {instant.pk, digest.pk}
    assert notices[instant.pk].buyer_state == "sent"
    assert notices[instant.pk].trigger == "published"
    assert notices[digest.pk].buyer_state == "pending"
    message = BuyerMessage.objects.get(demand=instant)
    assert message.kind == "instant"
    assert "金涛小区" in message.body
    assert "80万元" in message.body
    assert "28200686" in message.body  # the platform's hotline ...
    assert "13873312345" not in message.body  # ... never the owner's
    assert "总价在预算内" in message.body
    assert not BuyerMessage.objects.filter(demand=digest).exists()


def test_nothing_runs_before_the_transaction_commits(
    make_listing, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    register()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(make_listing())
    assert len(callbacks) == 1
    assert not MatchNotice.objects.exists()


def test_a_relisted_home_does_not_notify_again(people, make_listing, live) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    listing = live(lambda: publish(make_listing()))
    assert MatchNotice.objects.filter(demand=demand).count() == 1
    services.listing_withdraw(listing=listing, actor=people.staff)
    services.listing_relist(listing=listing, actor=people.staff)
    live(lambda: services.listing_publish(listing=listing, actor=people.staff))
    assert MatchNotice.objects.filter(demand=demand).count() == 1
    assert BuyerMessage.objects.filter(demand=demand).count() == 1
    # Back on the market after an offer fell through: still once.
    deal = open_deal(listing, people.staff)
    live(lambda: services.deal_fall_through(deal=deal, actor=people.staff, note="贷款未批"))
    assert BuyerMessage.objects.filter(demand=demand).count() == 1


def test_a_home_posted_again_as_a_new_listing_is_not_news(people, make_listing, live) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    old = live(lambda: publish(make_listing()))
    services.listing_withdraw(listing=old, actor=people.staff)
    again = live(lambda: publish(make_listing(price_yuan=790_000, consigned_price_yuan=790_000)))
    assert again.first_listed_at == old.first_listed_at
    assert not MatchNotice.objects.filter(listing=again).exists()
    assert BuyerMessage.objects.filter(demand=demand).count() == 1
    # Another home in the same community is news.
    live(lambda: publish(make_listing(area_m2="90")))
    assert BuyerMessage.objects.filter(demand=demand).count() == 2


def test_a_price_cut_reaches_buyers_it_now_fits(people, make_listing, live) -> None:  # type: ignore[no-untyped-def]
    early = register()
    tight = register(budget_min_yuan=None, budget_max_yuan=750_000)
    listing = live(lambda: publish(make_listing()))
    assert set(MatchNotice.objects.values_list("demand_id", flat=True)) == {early.pk}
    live(
        lambda: services.listing_change_price(
            listing=listing, actor=people.staff, price_yuan=740_000, consigned_price_yuan=740_000
        )
    )
    notice = MatchNotice.objects.get(demand=tight)
    assert notice.trigger == "price_changed"
    assert MatchNotice.objects.filter(demand=early).count() == 1  # not sent twice


def test_new_details_reach_buyers_they_now_fit(people, make_listing, live) -> None:  # type: ignore[no-untyped-def]
    four_rooms = register(bedrooms_min=4, bedrooms_max=None)
    listing = live(lambda: publish(make_listing()))  # 3 bedrooms
    assert not MatchNotice.objects.filter(demand=four_rooms).exists()
    live(lambda: services.listing_update(listing=listing, actor=people.staff, bedrooms=4))
    notice = MatchNotice.objects.get(demand=four_rooms)
    assert notice.trigger == "details_changed"
    assert BuyerMessage.objects.filter(demand=four_rooms).count() == 1
    live(lambda: services.listing_update(listing=listing, actor=people.staff, floor=3))
    assert BuyerMessage.objects.filter(demand=four_rooms).count() == 1  # told once
    draft = make_listing(area_m2="95")
    live(lambda: services.listing_update(listing=draft, actor=people.staff, bedrooms=4))
    assert not MatchNotice.objects.filter(listing=draft).exists()


def test_a_price_change_of_an_unpublished_listing_matches_nothing(
    people, make_listing, live
) -> None:  # type: ignore[no-untyped-def]
    register()
    listing = make_listing()
    live(
        lambda: services.listing_change_price(
            listing=listing, actor=people.staff, price_yuan=810_000
        )
    )
    assert not MatchNotice.objects.exists()


def test_the_daily_digest_sends_the_best_n_still_on_the_market(  # type: ignore[no-untyped-def]
    people, make_listing, live
) -> None:
    demand = register(notice_preference="digest", digest_max_listings=2)
    prices = [950_000, 720_000, 800_000, 900_000]
    listings = []
    for i, price in enumerate(prices):
        draft = make_listing(price_yuan=price, consigned_price_yuan=price, area_m2=str(90 + i))
        listings.append(live(lambda draft=draft: publish(draft)))
    services.listing_withdraw(listing=listings[1], actor=people.staff)  # the cheapest leaves
    assert call_command("send_match_digests") is None
    message = BuyerMessage.objects.get(demand=demand)
    assert message.kind == "digest"
    sent = MatchNotice.objects.filter(demand=demand, buyer_state="sent")
    assert {n.listing_id for n in sent} == {listings[2].pk, listings[3].pk}
    assert all(n.buyer_message == message for n in sent)
    assert MatchNotice.objects.filter(demand=demand, buyer_state="skipped").count() == 2
    assert "2" in message.body
    # A second run the same day has nothing left to send.
    assert services.match_digests_send() == 0
    assert BuyerMessage.objects.filter(demand=demand).count() == 1


def test_digests_wait_while_a_demand_is_paused(people, make_listing, live) -> None:  # type: ignore[no-untyped-def]
    demand = register(notice_preference="digest")
    live(lambda: publish(make_listing()))
    services.demand_set_status(demand=demand, actor=people.staff, status="paused")
    assert services.match_digests_send() == 0
    services.demand_set_status(demand=demand, actor=people.staff, status="open")
    assert services.match_digests_send() == 1


def test_staff_see_their_demands_and_the_matches_to_call(people, make_listing, live) -> None:  # type: ignore[no-untyped-def]
    mine = register(assigned_to=people.staff)
    nobodys = register()
    first = live(lambda: publish(make_listing()))
    second = live(lambda: publish(make_listing(area_m2="100")))
    assert list(demands_for_staff(people.staff)) == [mine]
    assert demands_for_staff(people.staff)[0].open_notices == 2  # type: ignore[attr-defined]
    assert list(demands_unassigned(people.staff)) == [nobodys]
    assert list(demands_unassigned(people.liling_staff)) == []
    assert list(demands_for_staff(people.stranger)) == []
    to_call = list(matches_to_call(people.staff))
    assert [n.listing_id for n in to_call] == [second.pk, first.pk]  # newest first
    services.match_notice_mark_called(notice=to_call[0], actor=people.staff, note="约了周六看房")
    services.match_notice_dismiss(notice=to_call[1], actor=people.staff)
    assert list(matches_to_call(people.staff)) == []
    assert list(matches_to_call(people.stranger)) == []
    with pytest.raises(DomainError) as caught:
        services.match_notice_dismiss(notice=to_call[0], actor=people.staff)
    assert caught.value.status == 409


def test_notices_are_unique_per_demand_and_listing(make_listing, live) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError, transaction

    demand = register()
    listing: Listing = live(lambda: publish(make_listing()))
    notice = MatchNotice.objects.get(demand=demand, listing=listing)
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchNotice.objects.create(
            demand=demand, listing=listing, score=1, trigger="published", delivery="instant"
        )
    # Running the task again by hand creates nothing.
    assert services.listing_match_demands(listing_id=listing.pk) == 0
    assert MatchNotice.objects.get(demand=demand, listing=listing) == notice


def test_a_home_under_offer_waits_for_a_later_digest(people, make_listing, live) -> None:  # type: ignore[no-untyped-def]
    demand = register(notice_preference="digest")
    home = live(lambda: publish(make_listing()))
    other = live(lambda: publish(make_listing(area_m2="90")))
    notice = MatchNotice.objects.get(demand=demand, listing=home)
    deal = open_deal(home, people.staff)  # under offer
    # Today's digest names the other home only; this one's notice waits.
    assert services.match_digests_send() == 1
    first = BuyerMessage.objects.get(demand=demand)
    assert f"房源编号{other.pk}）" in first.body
    assert f"房源编号{home.pk}）" not in first.body
    notice.refresh_from_db()
    assert notice.buyer_state == MatchNotice.BuyerState.PENDING
    assert services.match_digests_send() == 0  # still under offer: still waiting
    notice.refresh_from_db()
    assert notice.buyer_state == MatchNotice.BuyerState.PENDING
    # The deal falls through: the home is published again and the next digest sends it.
    live(lambda: services.deal_fall_through(deal=deal, actor=people.staff, note="贷款未批"))
    assert MatchNotice.objects.filter(demand=demand, listing=home).count() == 1
    assert services.match_digests_send() == 1
    notice.refresh_from_db()
    assert notice.buyer_state == MatchNotice.BuyerState.SENT
    assert notice.buyer_message is not None
    assert f"房源编号{home.pk}）" in notice.buyer_message.body
    # Under offer and back once more: never sent twice.
    again = open_deal(home, people.staff)
    assert services.match_digests_send() == 0
    live(lambda: services.deal_fall_through(deal=again, actor=people.staff, note="买家放弃"))
    assert services.match_digests_send() == 0
    assert BuyerMessage.objects.filter(demand=demand).count() == 2


@pytest.mark.parametrize("leave", ["sell", "withdraw"])
def test_a_home_under_offer_that_leaves_is_never_sent(people, make_listing, live, leave) -> None:  # type: ignore[no-untyped-def]
    demand = register(notice_preference="digest")
    home = live(lambda: publish(make_listing()))
    deal = open_deal(home, people.staff)
    assert services.match_digests_send() == 0
    if leave == "sell":
        for _step in range(4):
            services.deal_advance(deal=deal, actor=people.staff)
    else:
        services.listing_withdraw(listing=home, actor=people.staff, note="业主不卖了")
    notice = MatchNotice.objects.get(demand=demand, listing=home)
    assert notice.buyer_state == MatchNotice.BuyerState.SKIPPED
    assert services.match_digests_send() == 0
    assert not BuyerMessage.objects.filter(demand=demand).exists()
