"""Two staff acting on one deal at the same moment (PostgreSQL, real transactions):
the listing's row lock serialises them and the second decides on the first's result."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import Deal, DealEvent, DealStage, Listing, ListingStatus
from cityplatform.housing.tests.conftest import open_deal, publish

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")


def run_together(*actions: Callable[[], Any]) -> list[object]:
    barrier = threading.Barrier(len(actions))
    results: list[object] = []

    def run(action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            action()
            results.append("ok")
        except DomainError as exc:
            results.append((exc.status, exc.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_a_double_click_advances_once(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    home = publish(make_listing())
    deal = services.deal_open(
        listing=home,
        actor=people.staff,
        buyer_name="赵先生",
        buyer_phone="13907331234",
        agreed_price_yuan="780000",
    )

    def advance() -> None:
        stale = Deal.objects.get(pk=deal.pk)
        services.deal_advance(deal=stale, actor=people.staff, expected_stage=DealStage.OFFER)

    assert sorted(run_together(advance, advance), key=str) == [(409, "stage_changed"), "ok"]
    deal.refresh_from_db()
    assert deal.stage == DealStage.CONTRACT
    assert DealEvent.objects.filter(deal=deal).count() == 2


@pytest.mark.parametrize(
    ("ending", "back_to"),
    [("fall_through", ListingStatus.PUBLISHED), ("withdraw", ListingStatus.WITHDRAWN)],
)
def test_closing_and_ending_at_once(make_listing, people, ending, back_to) -> None:  # type: ignore[no-untyped-def]
    """The deal closes while a colleague lets it fall through, or withdraws the home
    (which lets it fall through too)."""
    home = publish(make_listing())
    deal = open_deal(home, people.staff)
    for _step in range(3):
        services.deal_advance(deal=deal, actor=people.staff)

    def close() -> None:
        services.deal_advance(deal=Deal.objects.get(pk=deal.pk), actor=people.staff)

    def end() -> None:
        if ending == "withdraw":
            services.listing_withdraw(
                listing=Listing.objects.get(pk=home.pk), actor=people.city_staff, note="业主不卖了"
            )
        else:
            services.deal_fall_through(
                deal=Deal.objects.get(pk=deal.pk), actor=people.city_staff, note="买家违约"
            )

    results = run_together(close, end)
    assert sorted(results, key=str) == [(409, "invalid_transition"), "ok"]
    deal.refresh_from_db()
    home.refresh_from_db()
    # Whichever won, the listing agrees with the deal.
    expected = {DealStage.CLOSED: ListingStatus.SOLD, DealStage.FALLEN_THROUGH: back_to}
    assert home.status == expected[DealStage(deal.stage)]
