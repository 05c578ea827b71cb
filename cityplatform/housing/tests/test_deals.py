"""Deals (成交): the stages, the timeline, and the listing following them through its
lifecycle (under offer leaves search at once, a fallen-through deal puts it back)."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.core.errors import DomainError
from cityplatform.core.models import AppendOnlyError
from cityplatform.housing import services
from cityplatform.housing.models import Deal, DealEvent, DealStage, ListingStatus
from cityplatform.housing.selectors import listing_events
from cityplatform.housing.staff_selectors import deal_events, open_deals_by_stage
from cityplatform.housing.tests.conftest import open_deal, publish

pytestmark = pytest.mark.django_db
D = DealStage
S = ListingStatus


@pytest.fixture
def home(make_listing: Any) -> Any:
    return publish(make_listing())


def search_ids(client: Any) -> set[int]:
    body = client.get("/api/housing/listings", {"page_size": 100}).json()
    return {item["id"] for item in body["items"]}


def test_an_offer_takes_the_listing_out_of_search_at_once(client, home, people) -> None:  # type: ignore[no-untyped-def]
    assert home.pk in search_ids(client)
    deal = open_deal(home, people.staff, note="买家首付已备")
    assert deal.stage == D.OFFER
    assert deal.agreed_price_yuan == Decimal("780000.00")
    assert home.status == S.UNDER_OFFER  # the caller's instance follows
    assert home.pk not in search_ids(client)
    assert client.get(f"/api/housing/listings/{home.pk}").status_code == 404
    assert client.get(f"/housing/{home.pk}/").status_code == 404
    last = list(listing_events(home))[-1]
    assert (last.from_status, last.to_status, last.actor) == (
        S.PUBLISHED,
        S.UNDER_OFFER,
        people.staff,
    )
    assert f"#{deal.pk}" in last.note
    [event] = deal_events(deal)
    assert (event.from_stage, event.to_stage, event.note) == ("", D.OFFER, "买家首付已备")


def test_the_whole_way_to_closed(home, people) -> None:  # type: ignore[no-untyped-def]
    deal = open_deal(home, people.staff)
    services.deal_advance(
        deal=deal, actor=people.staff, note="合同已签", agreed_price_yuan="775000"
    )
    assert (deal.stage, deal.agreed_price_yuan) == (D.CONTRACT, Decimal("775000.00"))
    services.deal_advance(deal=deal, actor=people.staff, note="商贷已批")
    services.deal_advance(deal=deal, actor=people.city_staff, note="不动产登记已办")
    services.deal_advance(deal=deal, actor=people.staff)
    deal.refresh_from_db()
    home.refresh_from_db()
    assert deal.stage == D.CLOSED
    assert deal.ended_at is not None
    assert home.status == S.SOLD
    steps = [(e.from_stage, e.to_stage) for e in deal_events(deal)]
    assert steps == [
        ("", D.OFFER),
        (D.OFFER, D.CONTRACT),
        (D.CONTRACT, D.PAYMENT),
        (D.PAYMENT, D.TRANSFER),
        (D.TRANSFER, D.CLOSED),
    ]
    prices = [e.agreed_price_yuan for e in deal_events(deal)]
    assert prices == [Decimal("780000.00")] + [Decimal("775000.00")] * 4
    assert list(deal_events(deal))[3].actor == people.city_staff
    statuses = [(e.from_status, e.to_status) for e in listing_events(home)][-2:]
    assert statuses == [(S.PUBLISHED, S.UNDER_OFFER), (S.UNDER_OFFER, S.SOLD)]
    with pytest.raises(DomainError) as caught:
        services.deal_advance(deal=deal, actor=people.staff)
    assert (caught.value.code, caught.value.status) == ("invalid_transition", 409)
    with pytest.raises(DomainError):
        services.deal_fall_through(deal=deal, actor=people.staff, note="反悔")


def test_a_fallen_through_deal_puts_the_home_back(client, home, people) -> None:  # type: ignore[no-untyped-def]
    deal = open_deal(home, people.staff)
    services.deal_advance(deal=deal, actor=people.staff)
    services.deal_fall_through(deal=deal, actor=people.staff, note="贷款未获批准")
    assert deal.stage == D.FALLEN_THROUGH
    assert deal.ended_at is not None
    home.refresh_from_db()
    assert home.status == S.PUBLISHED
    assert home.pk in search_ids(client)
    last = list(deal_events(deal))[-1]
    assert (last.from_stage, last.to_stage, last.note) == (
        D.CONTRACT,
        D.FALLEN_THROUGH,
        "贷款未获批准",
    )
    # The home can take a new offer.
    assert open_deal(home, people.staff).stage == D.OFFER


def test_a_backup_offer_keeps_the_home_under_offer(home, people) -> None:  # type: ignore[no-untyped-def]
    first = open_deal(home, people.staff)
    backup = open_deal(home, people.staff, buyer_name="钱女士", agreed_price_yuan=770_000)
    services.deal_fall_through(deal=first, actor=people.staff, note="买家放弃")
    home.refresh_from_db()
    assert home.status == S.UNDER_OFFER  # the backup is still open
    services.deal_fall_through(deal=backup, actor=people.staff, note="买家放弃")
    home.refresh_from_db()
    assert home.status == S.PUBLISHED


def test_closing_one_deal_ends_the_others(home, people) -> None:  # type: ignore[no-untyped-def]
    winner = open_deal(home, people.staff)
    other = open_deal(home, people.staff, buyer_name="钱女士")
    for _step in range(4):
        services.deal_advance(deal=winner, actor=people.staff)
    other.refresh_from_db()
    assert other.stage == D.FALLEN_THROUGH
    assert f"#{winner.pk}" in list(deal_events(other))[-1].note
    home.refresh_from_db()
    assert home.status == S.SOLD


def test_deals_need_a_home_on_the_market(make_listing, home, people) -> None:  # type: ignore[no-untyped-def]
    draft = make_listing(bedrooms=2, area_m2="70", price_yuan=400_000)
    with pytest.raises(DomainError) as caught:
        open_deal(draft, people.staff)
    assert (caught.value.code, caught.value.status) == ("listing_not_on_market", 409)
    deal = open_deal(home, people.staff)
    for _step in range(3):
        services.deal_advance(deal=deal, actor=people.staff)
    services.listing_withdraw(listing=home, actor=people.staff, note="业主不卖了")
    deal.refresh_from_db()
    assert deal.stage == D.FALLEN_THROUGH  # withdrawing ends it (test_market_exit)
    with pytest.raises(DomainError) as caught:
        services.deal_advance(deal=deal, actor=people.staff)
    assert caught.value.code == "invalid_transition"
    home.refresh_from_db()
    assert home.status == S.WITHDRAWN
    with pytest.raises(DomainError) as caught:
        open_deal(home, people.staff)
    assert caught.value.code == "listing_not_on_market"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"agreed_price_yuan": -5}, "agreed_price_yuan"),
        ({"agreed_price_yuan": 0}, "agreed_price_yuan"),
        ({"agreed_price_yuan": 780000.5}, "agreed_price_yuan"),  # a float
        ({"agreed_price_yuan": "780000.123"}, "agreed_price_yuan"),
        ({"agreed_price_yuan": "七十八万"}, "agreed_price_yuan"),
        ({"agreed_price_yuan": "1e12"}, "agreed_price_yuan"),
        ({"agreed_price_yuan": "NaN"}, "agreed_price_yuan"),
        ({"agreed_price_yuan": None}, "agreed_price_yuan"),
        ({"buyer_phone": "110"}, "buyer_phone"),
        ({"buyer_name": ""}, "buyer_name"),
        ({"note": "长" * 2001}, "note"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(home, people, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        open_deal(home, people.staff, **kwargs)
    assert field in caught.value.error_dict
    assert not Deal.objects.exists()
    home.refresh_from_db()
    assert home.status == S.PUBLISHED


def test_money_keeps_its_cents(home, people) -> None:  # type: ignore[no-untyped-def]
    deal = open_deal(home, people.staff, agreed_price_yuan="2,695,600.5")
    deal.refresh_from_db()
    assert deal.agreed_price_yuan == Decimal("2695600.50")


def test_falling_through_needs_a_reason(home, people) -> None:  # type: ignore[no-untyped-def]
    deal = open_deal(home, people.staff)
    with pytest.raises(ValidationError):
        services.deal_fall_through(deal=deal, actor=people.staff, note="  ")
    deal.refresh_from_db()
    assert deal.stage == D.OFFER


def test_only_staff_of_the_district(home, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        open_deal(home, people.liling_staff)
    deal = open_deal(home, people.staff)
    with pytest.raises(PermissionDenied):
        services.deal_advance(deal=deal, actor=people.liling_staff)
    with pytest.raises(PermissionDenied):
        services.deal_fall_through(deal=deal, actor=people.stranger, note="x")
    with pytest.raises(ValidationError):
        open_deal(home, people.city_staff, staff=people.liling_staff)


def test_the_timeline_is_append_only(home, people) -> None:  # type: ignore[no-untyped-def]
    deal = open_deal(home, people.staff)
    event = DealEvent.objects.get(deal=deal)
    event.note = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        DealEvent.objects.filter(deal=deal).delete()


def test_open_deals_by_stage(home, make_listing, people) -> None:  # type: ignore[no-untyped-def]
    second = publish(make_listing(bedrooms=2, area_m2="80", price_yuan=500_000))
    first_deal = open_deal(home, people.staff)
    open_deal(second, people.staff, agreed_price_yuan=490_000)
    services.deal_advance(deal=first_deal, actor=people.staff)
    board = {
        stage: (count, deals) for stage, _label, count, deals in open_deals_by_stage(people.staff)
    }
    assert board[D.OFFER][0] == 1
    assert board[D.CONTRACT] == (1, [first_deal])
    assert board[D.PAYMENT] == (0, [])
    assert [count for _s, _l, count, _d in open_deals_by_stage(people.liling_staff)] == [0] * 4


def test_a_stale_advance_is_refused(home, people) -> None:  # type: ignore[no-untyped-def]
    deal = open_deal(home, people.staff)
    services.deal_advance(deal=deal, actor=people.staff, expected_stage=D.OFFER)
    with pytest.raises(DomainError) as caught:
        services.deal_advance(deal=deal, actor=people.staff, expected_stage=D.OFFER)
    assert (caught.value.code, caught.value.status) == ("stage_changed", 409)
    assert deal.stage == D.CONTRACT
