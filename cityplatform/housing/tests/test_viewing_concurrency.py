"""Parallel bookings on PostgreSQL: exactly one of two overlapping viewings is stored,
whether they share the staff member (different homes: only the exclusion constraint
stands between them) or the home (serialised by the listing's row lock)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import Listing, Viewing
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.scheduling import days_ahead

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")


def run_together(*bookings: Callable[[], Any]) -> list[object]:
    """Start the bookings at the same moment, each in its own connection."""
    barrier = threading.Barrier(len(bookings))
    results: list[object] = []

    def run(booking: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            booking()
            results.append("ok")
        except DomainError as exc:
            results.append((exc.status, exc.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(b,)) for b in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def booking(listing: Listing, staff: Any, hour: int, minute: int = 0) -> Callable[[], Any]:
    def book() -> Any:
        stale = Listing.objects.get(pk=listing.pk)
        return services.viewing_book(
            listing=stale,
            actor=staff,
            buyer_name="李女士",
            buyer_phone="13873312345",
            starts_at=days_ahead(1, hour, minute),
            duration_minutes=60,
        )

    return book


def test_one_staff_member_booked_for_two_homes_at_once(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    first = publish(make_listing())
    second = publish(make_listing(bedrooms=2, area_m2="80", price_yuan=500_000))
    for _round in range(3):
        Viewing.objects.all().delete()
        results = run_together(
            booking(first, people.staff, 10), booking(second, people.staff, 10, 30)
        )
        assert sorted(results, key=str) == [(409, "double_booked"), "ok"]
        assert Viewing.objects.filter(staff=people.staff).count() == 1


def test_one_home_booked_by_two_staff_at_once(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    home = publish(make_listing())
    results = run_together(booking(home, people.staff, 15), booking(home, people.city_staff, 15))
    assert sorted(results, key=str) == [(409, "double_booked"), "ok"]
    assert Viewing.objects.filter(listing=home).count() == 1


def test_the_constraint_holds_without_the_service(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError

    home = publish(make_listing())
    values = {"listing": home, "buyer_name": "甲", "buyer_phone": "13873312345"}
    Viewing.objects.create(
        staff=people.staff, starts_at=days_ahead(1, 9), ends_at=days_ahead(1, 10), **values
    )
    with pytest.raises(IntegrityError):
        Viewing.objects.create(
            staff=people.city_staff,
            starts_at=days_ahead(1, 9, 30),
            ends_at=days_ahead(1, 10, 30),
            **values,
        )


def test_without_the_check_the_constraint_still_answers_409(
    make_listing, people, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Both transactions get past the check at the same moment: what stops the second
    # is the exclusion constraint, turned into the same 409.
    from cityplatform.housing.services import viewings

    monkeypatch.setattr(viewings, "_refuse_overlap", lambda **kwargs: None)
    first = publish(make_listing())
    second = publish(make_listing(bedrooms=2, area_m2="80", price_yuan=500_000))
    results = run_together(booking(first, people.staff, 10), booking(second, people.staff, 10, 30))
    assert sorted(results, key=str) == [(409, "double_booked"), "ok"]
    booked = Viewing.objects.get().listing  # whichever won
    results = run_together(booking(booked, people.city_staff, 10, 40))
    assert results == [(409, "double_booked")]  # the listing's constraint
