"""Withdrawing a home while a colleague books a viewing of it (PostgreSQL, real
transactions): the listing's row lock serialises them, and whichever goes first, no
viewing of the withdrawn home is left scheduled. (Withdrawing while its deal closes:
test_deal_concurrency.)"""

from typing import Any

import pytest
from django.db import connection

from cityplatform.housing import services
from cityplatform.housing.models import Listing, ListingStatus, Viewing
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.scheduling import days_ahead
from cityplatform.housing.tests.test_deal_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")


def withdraw(listing: Listing, actor: Any) -> None:
    services.listing_withdraw(
        listing=Listing.objects.get(pk=listing.pk), actor=actor, note="业主不卖了"
    )


def test_withdrawing_while_a_viewing_is_booked(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    home = publish(make_listing())

    def book() -> None:
        services.viewing_book(
            listing=Listing.objects.get(pk=home.pk),
            actor=people.staff,
            buyer_name="李女士",
            buyer_phone="13873310000",
            starts_at=days_ahead(1, 10),
        )

    results = run_together(book, lambda: withdraw(home, people.city_staff))
    home.refresh_from_db()
    assert home.status == ListingStatus.WITHDRAWN
    # Booked first: cancelled by the withdrawal; withdrawn first: never booked.
    assert not Viewing.objects.filter(listing=home, status="scheduled").exists()
    assert sorted(results, key=str) in (["ok", "ok"], [(409, "listing_not_published"), "ok"])
