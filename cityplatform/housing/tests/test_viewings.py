"""Viewings (看房预约): booking rules, no double-booking, outcomes, jurisdiction."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.housing import services
from cityplatform.housing.models import Viewing, ViewingStatus
from cityplatform.housing.staff_selectors import viewings_for_staff, viewings_today
from cityplatform.housing.tests.conftest import open_deal, publish
from cityplatform.housing.tests.scheduling import days_ahead, set_clock

pytestmark = pytest.mark.django_db
V = ViewingStatus


@pytest.fixture
def home(make_listing: Any) -> Any:
    return publish(make_listing())


@pytest.fixture
def other_home(make_listing: Any) -> Any:
    return publish(make_listing(bedrooms=2, area_m2="80", price_yuan=500_000))


def book(listing: Any, actor: Any, **kwargs: Any) -> Viewing:
    values: dict[str, Any] = {
        "buyer_name": "李女士",
        "buyer_phone": "138 7331 2345",
        "starts_at": days_ahead(1, 10),
        "duration_minutes": 60,
    }
    values.update(kwargs)
    return services.viewing_book(listing=listing, actor=actor, **values)


def error_codes(exc: ValidationError) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_booking_stores_the_appointment_and_audits_it(home, people) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff)
    assert viewing.status == V.SCHEDULED
    assert viewing.staff == people.staff
    assert viewing.created_by == people.staff
    assert viewing.buyer_phone == "13873312345"
    assert viewing.duration_minutes == 60
    assert viewing.ends_at - viewing.starts_at == timedelta(hours=1)
    entry = AuditEntry.objects.get(object_type="housing.viewing", action="create")
    assert entry.object_id == str(viewing.pk)
    assert "13873312345" not in str(entry.detail)


def test_a_city_supervisor_books_for_a_district_colleague(home, people) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.city_staff, staff=people.staff)
    assert viewing.staff == people.staff
    assert viewing.created_by == people.city_staff


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"starts_at": days_ahead(-1, 10)}, "starts_at", "past"),
        ({"starts_at": days_ahead(1, 7, 30)}, "starts_at", "outside_hours"),
        ({"starts_at": days_ahead(1, 20, 30)}, "starts_at", "outside_hours"),  # ends 21:30
        ({"starts_at": days_ahead(1, 23)}, "starts_at", "outside_hours"),
        ({"starts_at": days_ahead(120, 10)}, "starts_at", "too_far"),
        ({"starts_at": None}, "starts_at", "required"),
        ({"duration_minutes": 5}, "duration_minutes", "out_of_range"),
        ({"duration_minutes": 600}, "duration_minutes", "out_of_range"),
        ({"duration_minutes": "60"}, "duration_minutes", "invalid"),
        ({"buyer_name": "  "}, "buyer_name", "required"),
        ({"buyer_phone": "12345"}, "buyer_phone", "invalid_phone"),
        ({"buyer_phone": ""}, "buyer_phone", "required"),
    ],
)
def test_bad_bookings_are_refused_with_a_reason(home, people, kwargs, field, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        book(home, people.staff, **kwargs)
    assert code in error_codes(caught.value)[field]
    assert not Viewing.objects.exists()


def test_the_last_slot_of_the_day_is_allowed(home, people) -> None:  # type: ignore[no-untyped-def]
    assert book(home, people.staff, starts_at=days_ahead(1, 20)).pk  # 20:00–21:00
    assert book(home, people.staff, starts_at=days_ahead(2, 8)).pk  # 08:00–09:00


def test_messages_are_in_chinese(home, people) -> None:  # type: ignore[no-untyped-def]
    def message(**kwargs: Any) -> str:
        with translation.override("zh-hans"):
            try:
                book(home, people.staff, **kwargs)
            except ValidationError as exc:
                return "".join(exc.messages)
            except DomainError as exc:
                return exc.message
        raise AssertionError("not refused")

    assert message(starts_at=days_ahead(-1, 10)) == "不能预约过去的时间看房。"
    assert message(starts_at=days_ahead(1, 22)) == "看房时间须在 08:00 至 21:00 之间。"
    book(home, people.staff, starts_at=days_ahead(1, 10))
    assert message(starts_at=days_ahead(1, 10)) == "tystaff 在 10:00–11:00 已有看房安排。"


def test_only_published_listings_can_be_viewed(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    draft = make_listing()
    with pytest.raises(DomainError) as caught:
        book(draft, people.staff)
    assert (caught.value.code, caught.value.status) == ("listing_not_published", 409)
    published = publish(draft)
    open_deal(published, people.staff)  # under offer
    with pytest.raises(DomainError):
        book(published, people.staff)
    assert not Viewing.objects.exists()


def test_the_same_staff_member_cannot_be_in_two_places(home, other_home, people) -> None:  # type: ignore[no-untyped-def]
    book(home, people.staff, starts_at=days_ahead(1, 10))
    with pytest.raises(DomainError) as caught:
        book(other_home, people.staff, starts_at=days_ahead(1, 10, 30))
    assert (caught.value.code, caught.value.status) == ("double_booked", 409)
    assert "already has a viewing at 10:00–11:00" in caught.value.message
    # Back to back is fine.
    assert book(other_home, people.staff, starts_at=days_ahead(1, 11)).pk


def test_the_same_home_cannot_be_shown_twice_at_once(home, people) -> None:  # type: ignore[no-untyped-def]
    book(home, people.staff, starts_at=days_ahead(1, 14), duration_minutes=90)
    with pytest.raises(DomainError) as caught:
        book(home, people.city_staff, starts_at=days_ahead(1, 15))
    assert caught.value.code == "double_booked"
    assert "This home already has a viewing" in caught.value.message
    assert book(home, people.city_staff, starts_at=days_ahead(1, 13), duration_minutes=60).pk
    assert Viewing.objects.count() == 2


def test_a_cancelled_viewing_frees_its_slot(home, people) -> None:  # type: ignore[no-untyped-def]
    first = book(home, people.staff)
    services.viewing_record_outcome(viewing=first, actor=people.staff, status=V.CANCELLED)
    second = book(home, people.staff)
    assert second.starts_at == first.starts_at


def test_staff_must_work_the_district(home, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        book(home, people.liling_staff)
    with pytest.raises(PermissionDenied):
        book(home, people.stranger, staff=people.staff)
    with pytest.raises(ValidationError) as caught:
        book(home, people.city_staff, staff=people.liling_staff)
    assert "staff" in caught.value.error_dict
    with pytest.raises(ValidationError):
        book(home, people.city_staff, staff=people.stranger)


def test_outcomes(home, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, starts_at=days_ahead(1, 10))
    with pytest.raises(DomainError) as caught:
        services.viewing_record_outcome(viewing=viewing, actor=people.staff, status=V.DONE)
    assert caught.value.code == "not_started"
    set_clock(monkeypatch, days_ahead(1, 11))
    services.viewing_record_outcome(
        viewing=viewing, actor=people.staff, status=V.DONE, notes="买家满意, 考虑出价"
    )
    viewing.refresh_from_db()
    assert (viewing.status, viewing.outcome_notes) == (V.DONE, "买家满意, 考虑出价")
    with pytest.raises(DomainError) as caught:
        services.viewing_record_outcome(viewing=viewing, actor=people.staff, status=V.NO_SHOW)
    assert (caught.value.code, caught.value.status) == ("invalid_transition", 409)
    with pytest.raises(ValidationError):
        services.viewing_record_outcome(viewing=viewing, actor=people.staff, status="maybe")
    with pytest.raises(PermissionDenied):
        services.viewing_record_outcome(
            viewing=viewing, actor=people.liling_staff, status=V.CANCELLED
        )


def test_a_done_viewing_still_holds_its_slot(home, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    viewing = book(home, people.staff, starts_at=days_ahead(1, 10))
    set_clock(monkeypatch, days_ahead(1, 10, 5))
    services.viewing_record_outcome(viewing=viewing, actor=people.staff, status=V.DONE)
    with pytest.raises(DomainError):
        book(home, people.city_staff, starts_at=days_ahead(1, 10, 30))


def test_staff_lists_follow_jurisdiction(home, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    set_clock(monkeypatch, days_ahead(0, 8))
    mine = book(home, people.staff, starts_at=days_ahead(0, 9))
    colleague = book(home, people.city_staff, starts_at=days_ahead(0, 15))
    tomorrow = book(home, people.staff, starts_at=days_ahead(1, 9))
    assert viewings_today(people.staff) == ([mine], [colleague])
    assert viewings_today(people.city_staff) == ([colleague], [mine])
    assert viewings_today(people.liling_staff) == ([], [])
    assert list(viewings_for_staff(people.staff, mine=True)) == [mine, tomorrow]
    assert list(viewings_for_staff(people.stranger)) == []
