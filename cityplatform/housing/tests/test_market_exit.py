"""A home leaving the market takes its deals, viewings and pending notices with it, in
the same transaction: withdrawal ends the open deals (the reason on their timeline)
and cancels the viewings to come; expiry cancels the viewings; a sale happens only
through a deal closing; nothing is mailed about a home that left search."""

from typing import Any

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.housing import admin as housing_admin
from cityplatform.housing import services
from cityplatform.housing.models import (
    BuyerMessage,
    DealStage,
    Listing,
    ListingStatus,
    MatchNotice,
    Viewing,
    ViewingStatus,
)
from cityplatform.housing.selectors import listing_events
from cityplatform.housing.selectors_matching import demands_for_staff, matches_to_call
from cityplatform.housing.services import lifecycle, market_exit
from cityplatform.housing.staff_selectors import deal_events
from cityplatform.housing.tests.conftest import open_deal, publish, sell
from cityplatform.housing.tests.demand_helpers import register
from cityplatform.housing.tests.scheduling import days_ahead, set_clock

pytestmark = pytest.mark.django_db
D = DealStage
S = ListingStatus
V = ViewingStatus


@pytest.fixture
def home(make_listing: Any) -> Listing:
    return publish(make_listing())


def book(listing: Listing, staff: Any, days: int, hour: int) -> Viewing:
    return services.viewing_book(
        listing=listing,
        actor=staff,
        buyer_name="李女士",
        buyer_phone="13873310000",
        starts_at=days_ahead(days, hour),
    )


def statuses(*viewings: Viewing) -> list[str]:
    return [Viewing.objects.get(pk=v.pk).status for v in viewings]


def test_withdrawal_ends_open_deals_and_cancels_viewings_to_come(  # type: ignore[no-untyped-def]
    home, people, monkeypatch
) -> None:
    begun = book(home, people.staff, 1, 10)
    later = book(home, people.staff, 2, 15)
    declined = book(home, people.staff, 3, 9)
    services.viewing_record_outcome(viewing=declined, actor=people.staff, status=V.CANCELLED)
    first = open_deal(home, people.staff)
    backup = open_deal(home, people.staff, buyer_name="钱女士")
    services.deal_advance(deal=first, actor=people.staff)
    set_clock(monkeypatch, days_ahead(1, 10, 30))  # the first viewing is under way

    services.listing_withdraw(listing=home, actor=people.city_staff, note="业主不卖了")

    assert home.status == S.WITHDRAWN
    for deal, from_stage in ((first, D.CONTRACT), (backup, D.OFFER)):
        deal.refresh_from_db()
        assert deal.stage == D.FALLEN_THROUGH
        assert deal.ended_at is not None
        last = list(deal_events(deal))[-1]
        assert (last.from_stage, last.to_stage, last.actor) == (
            from_stage,
            D.FALLEN_THROUGH,
            people.city_staff,
        )
        assert last.note == "The listing was withdrawn: 业主不卖了"
    # Begun: staff record what happened; to come: cancelled with the reason; the one
    # already cancelled keeps its own notes.
    assert statuses(begun, later, declined) == [V.SCHEDULED, V.CANCELLED, V.CANCELLED]
    later.refresh_from_db()
    assert later.outcome_notes == "The listing was withdrawn: 业主不卖了"
    declined.refresh_from_db()
    assert declined.outcome_notes == ""
    assert AuditEntry.objects.filter(
        object_type="housing.viewing", object_id=str(later.pk), action="update"
    ).exists()
    event = list(listing_events(home))[-1]
    assert (event.from_status, event.to_status) == (S.UNDER_OFFER, S.WITHDRAWN)
    assert event.note == (
        f"业主不卖了 Deals #{first.pk}, #{backup.pk} fell through. 1 viewing to come cancelled."
    )


def test_withdrawal_without_a_note_still_says_why(home, people) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, 1, 10)
    deal = open_deal(home, people.staff)
    services.listing_withdraw(listing=home, actor=people.staff)
    deal.refresh_from_db()
    viewing.refresh_from_db()
    assert list(deal_events(deal))[-1].note == "The listing was withdrawn."
    assert (viewing.status, viewing.outcome_notes) == (V.CANCELLED, "The listing was withdrawn.")


def test_withdrawal_is_all_or_nothing(home, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, 1, 10)
    deal = open_deal(home, people.staff)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(market_exit, "future_viewings_cancel", broken)
    with pytest.raises(RuntimeError):
        services.listing_withdraw(listing=home, actor=people.staff, note="业主不卖了")
    home.refresh_from_db()
    deal.refresh_from_db()
    assert home.status == S.UNDER_OFFER
    assert deal.stage == D.OFFER
    assert statuses(viewing) == [V.SCHEDULED]
    assert deal.events.count() == 1


def test_a_sale_cancels_the_viewings_to_come_and_ends_the_backup(home, people) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, 2, 10)
    backup = open_deal(home, people.staff, buyer_name="钱女士")
    deal = sell(home, people.staff, people.staff)
    assert home.status == S.SOLD
    backup.refresh_from_db()
    assert backup.stage == D.FALLEN_THROUGH
    viewing.refresh_from_db()
    assert viewing.status == V.CANCELLED
    assert viewing.outcome_notes == f"The home was sold through deal #{deal.pk}."
    assert list(listing_events(home))[-1].note.startswith(f"Sold: deal #{deal.pk} closed.")


def test_a_listing_is_not_sold_by_hand(home, people) -> None:  # type: ignore[no-untyped-def]
    assert not hasattr(services, "listing_mark_sold")
    assert "mark_sold" not in housing_admin.ListingAdmin.actions
    deal = open_deal(home, people.staff)
    # Not before the transfer is registered, and not with another listing's deal.
    with pytest.raises(DomainError) as caught:
        lifecycle.listing_mark_sold(listing=home, deal=deal, actor=people.staff)
    assert (caught.value.code, caught.value.status) == ("sale_needs_deal", 409)
    home.refresh_from_db()
    assert home.status == S.UNDER_OFFER
    deal.refresh_from_db()
    assert deal.stage == D.OFFER


def test_published_cannot_jump_to_sold(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    other = publish(make_listing(area_m2="90"))
    deal = open_deal(other, people.staff)
    for _step in range(3):
        services.deal_advance(deal=deal, actor=people.staff)
    with pytest.raises(DomainError) as caught:
        lifecycle.listing_mark_sold(listing=listing, deal=deal, actor=people.staff)
    assert caught.value.code == "invalid_transition"  # a sale needs an offer first


def test_back_on_the_market_by_hand_waits_for_the_deals(home, people) -> None:  # type: ignore[no-untyped-def]
    deal = open_deal(home, people.staff)
    with pytest.raises(DomainError) as caught:
        services.listing_back_on_market(listing=home, actor=people.staff)
    assert (caught.value.code, caught.value.status) == ("deal_open", 409)
    assert caught.value.details["deal"] == deal.pk
    home.refresh_from_db()
    assert home.status == S.UNDER_OFFER
    services.deal_fall_through(deal=deal, actor=people.staff, note="贷款未批")
    home.refresh_from_db()
    assert home.status == S.PUBLISHED  # the deal put it back itself


def test_expiry_cancels_the_viewings_to_come(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    stale, fresh = publish(make_listing(floor=1)), publish(make_listing(floor=2))
    gone, kept = book(stale, people.staff, 2, 10), book(fresh, people.staff, 2, 14)
    Listing.objects.filter(pk=stale.pk).update(refreshed_at=days_ahead(-31, 10))
    assert services.listing_expire_stale() == 1
    assert statuses(gone, kept) == [V.CANCELLED, V.SCHEDULED]
    gone.refresh_from_db()
    assert gone.outcome_notes == "The listing expired: Not refreshed for 30 days."


@pytest.mark.parametrize("leave", ["withdraw", "expire", "sell"])
def test_a_home_that_left_is_not_mailed(make_listing, people, live, leave) -> None:  # type: ignore[no-untyped-def]
    demand = register(notice_preference="digest", assigned_to=people.staff)
    listing = live(lambda: publish(make_listing()))
    notice = MatchNotice.objects.get(demand=demand, listing=listing)
    assert notice.buyer_state == MatchNotice.BuyerState.PENDING
    assert list(matches_to_call(people.staff)) == [notice]
    if leave == "withdraw":
        services.listing_withdraw(listing=listing, actor=people.staff)
    elif leave == "expire":
        Listing.objects.filter(pk=listing.pk).update(refreshed_at=days_ahead(-31, 10))
        services.listing_expire_stale()
    else:
        sell(listing, people.staff)
    notice.refresh_from_db()
    assert notice.buyer_state == MatchNotice.BuyerState.SKIPPED  # marked as it left
    assert services.match_digests_send() == 0
    assert not BuyerMessage.objects.filter(demand=demand).exists()
    # Nothing to call the buyer about either.
    assert list(matches_to_call(people.staff)) == []
    assert demands_for_staff(people.staff)[0].open_notices == 0  # type: ignore[attr-defined]


def test_the_match_task_sends_nothing_for_a_home_withdrawn_before_it_ran(  # type: ignore[no-untyped-def]
    make_listing, people, django_capture_on_commit_callbacks
) -> None:
    register()  # instant
    with django_capture_on_commit_callbacks(execute=False):
        listing = publish(make_listing())
    services.listing_withdraw(listing=listing, actor=people.staff)
    assert services.listing_match_demands(listing_id=listing.pk) == 0
    assert not MatchNotice.objects.exists()
    assert not BuyerMessage.objects.exists()


def test_notices_of_a_home_under_offer_wait_for_it(make_listing, people, live) -> None:  # type: ignore[no-untyped-def]
    demand = register(assigned_to=people.staff, notice_preference="digest")
    home = live(lambda: publish(make_listing()))
    notice = MatchNotice.objects.get(demand=demand)
    deal = open_deal(home, people.staff)
    assert list(matches_to_call(people.staff)) == []  # not while it is under offer
    services.deal_fall_through(deal=deal, actor=people.staff, note="买家放弃")
    assert list(matches_to_call(people.staff)) == [notice]  # back with the home
