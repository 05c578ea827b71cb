"""The lifecycle: draft → pending → published → under offer → sold, or withdrawn /
expired and relisted; every change recorded, invalid moves 409, wrong people refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.core.models import AppendOnlyError
from cityplatform.housing import services
from cityplatform.housing.models import Deal, DealStage, Listing, ListingEvent, ListingStatus
from cityplatform.housing.selectors import listing_events, listings_public, price_history
from cityplatform.housing.tests.conftest import open_deal, publish, sell

pytestmark = pytest.mark.django_db
S = ListingStatus


def _steps(listing: Listing) -> list[tuple[str, str]]:
    return [(e.from_status, e.to_status) for e in listing_events(listing)]


def test_the_whole_way_to_sold_is_recorded(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    assert listing.status == S.DRAFT
    services.listing_submit(listing=listing, actor=people.staff)
    assert listing.status == S.PENDING
    publish_at = timezone.now()
    services.listing_publish(listing=listing, actor=people.staff)
    assert listing.status == S.PUBLISHED
    assert listing.verified is False
    assert listing.first_listed_at >= publish_at
    assert listing.refreshed_at == listing.first_listed_at
    assert listings_public().filter(pk=listing.pk).exists()
    deal = open_deal(listing, people.staff)  # under offer
    assert not listings_public().filter(pk=listing.pk).exists()
    services.deal_fall_through(deal=deal, actor=people.staff, note="贷款未批")
    listing.refresh_from_db()
    assert listings_public().filter(pk=listing.pk).exists()
    sell(listing, people.staff, people.city_staff)  # deal_open puts it under offer
    assert listing.status == S.SOLD
    assert _steps(listing) == [
        ("", S.DRAFT),
        (S.DRAFT, S.PENDING),
        (S.PENDING, S.PUBLISHED),
        (S.PUBLISHED, S.UNDER_OFFER),
        (S.UNDER_OFFER, S.PUBLISHED),
        (S.PUBLISHED, S.UNDER_OFFER),
        (S.UNDER_OFFER, S.SOLD),
    ]
    events = list(listing_events(listing))
    assert events[0].actor is None
    assert events[1].actor == people.staff
    assert events[-1].actor == people.city_staff
    assert events[3].note == f"Offer accepted: deal #{deal.pk}."
    assert events[4].note == f"Deal #{deal.pk} fell through."
    assert all(e.old_price_yuan == e.new_price_yuan == 800_000 for e in events[1:])
    assert (
        AuditEntry.objects.filter(object_type="housing.listing", object_id=str(listing.pk)).count()
        == 7
    )


@pytest.mark.parametrize(
    ("setup", "service"),
    [
        ([], services.listing_publish),
        ([], services.listing_relist),
        ([], services.listing_back_on_market),
        (["submit"], services.listing_submit),
        (["submit"], services.listing_relist),
        (["submit", "publish"], services.listing_publish),
        (["submit", "publish"], services.listing_relist),
        (["submit", "publish"], services.listing_back_on_market),
        (["submit", "publish", "sold"], services.listing_withdraw),
        (["submit", "publish", "sold"], services.listing_relist),
        (["withdraw"], services.listing_publish),
        (["withdraw"], services.listing_submit),
    ],
    ids=lambda v: v.__name__ if callable(v) else "-".join(v) or "draft",
)
def test_invalid_moves_are_refused_with_409(make_listing, people, setup, service) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    steps = {
        "submit": services.listing_submit,
        "publish": services.listing_publish,
        "sold": lambda listing, actor: sell(listing, people.staff),
        "withdraw": services.listing_withdraw,
    }
    for step in setup:
        steps[step](listing=listing, actor=None)
    before_status, before_events = listing.status, ListingEvent.objects.count()
    with pytest.raises(DomainError) as info:
        service(listing=listing, actor=people.staff)
    assert info.value.status == 409
    assert info.value.code == "invalid_transition"
    assert info.value.details["current_status"] == before_status
    listing.refresh_from_db()
    assert listing.status == before_status
    assert ListingEvent.objects.count() == before_events


def test_refresh_is_for_published_listings_only(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    with pytest.raises(DomainError) as info:
        services.listing_refresh(listing=listing, actor=people.staff)
    assert info.value.status == 409


def test_the_move_is_decided_on_the_stored_row(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    stale_copy = Listing.objects.get(pk=listing.pk)
    services.listing_submit(listing=listing, actor=people.staff)
    with pytest.raises(DomainError):
        services.listing_submit(listing=stale_copy, actor=people.staff)
    assert ListingEvent.objects.filter(listing=listing, to_status=S.PENDING).count() == 1


@pytest.mark.parametrize("who", ["stranger", "liling_staff"])
def test_wrong_role_or_district_is_refused(make_listing, people, who) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    actor = getattr(people, who)
    for service in (services.listing_submit, services.listing_withdraw):
        with pytest.raises(PermissionDenied):
            service(listing=listing, actor=actor)
    with pytest.raises(PermissionDenied):
        services.listing_change_price(listing=listing, actor=actor, price_yuan=1)
    with pytest.raises(PermissionDenied):
        make_listing(actor=actor)
    listing.refresh_from_db()
    assert listing.status == S.DRAFT
    assert listing.price_yuan == 800_000


def test_an_inactive_staff_member_is_refused(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    people.staff.is_active = False
    people.staff.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        services.listing_submit(listing=make_listing(), actor=people.staff)


def test_price_changes_are_history(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing(), people.staff)
    services.listing_change_price(
        listing=listing, actor=people.staff, price_yuan=780_000, note="业主降价"
    )
    assert listing.price_yuan == 780_000
    assert listing.unit_price_yuan == 6500
    assert listing.verified  # 2.5 % below the owner's 800,000: still true
    services.listing_change_price(listing=listing, actor=people.city_staff, price_yuan=None)
    assert listing.unit_price_yuan is None
    history = price_history(listing)
    assert [(old, new) for _at, old, new in history] == [(800_000, 780_000), (780_000, None)]
    event = ListingEvent.objects.filter(listing=listing).order_by("-at", "-id")[1]
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        people.staff,
        S.PUBLISHED,
        S.PUBLISHED,
        "业主降价",
    )


def test_a_price_far_from_the_owners_lifts_the_verified_mark(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing(), people.staff)
    services.listing_change_price(listing=listing, actor=people.staff, price_yuan=700_000)
    assert listing.verified is False
    assert "Verification lifted" in listing_events(listing).last().note  # type: ignore[union-attr]
    # The owner lowered the price: staff record both, and the listing stays in the band.
    other = publish(make_listing(area_m2="95"), people.staff)
    services.listing_change_price(
        listing=other, actor=people.staff, price_yuan=700_000, consigned_price_yuan=710_000
    )
    assert other.verified is True
    assert other.consigned_price_yuan == 710_000


def test_no_price_change_off_the_market(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    services.listing_withdraw(listing=listing, actor=people.staff)
    with pytest.raises(DomainError) as info:
        services.listing_change_price(listing=listing, actor=people.staff, price_yuan=1)
    assert info.value.status == 409


def test_sold_and_withdrawn_leave_search_at_once(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    sold = publish(make_listing())
    withdrawn = publish(make_listing(area_m2="90"))
    assert listings_public().count() == 2
    sell(sold, people.staff, people.staff)
    services.listing_withdraw(listing=withdrawn, actor=people.staff, note="业主不卖了")
    assert listings_public().count() == 0


def test_expiry_after_30_days_without_refresh(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    fresh, stale, refreshed = (publish(make_listing(floor=n)) for n in (1, 2, 3))
    now = timezone.now()
    Listing.objects.filter(pk__in=[stale.pk, refreshed.pk]).update(
        refreshed_at=now - timedelta(days=31)
    )
    Listing.objects.filter(pk=fresh.pk).update(refreshed_at=now - timedelta(days=29))
    refreshed.refresh_from_db()
    services.listing_refresh(listing=refreshed, actor=people.staff)
    assert services.listing_expire_stale(now=now) == 1
    assert services.listing_expire_stale(now=now) == 0
    statuses = dict(Listing.objects.values_list("pk", "status"))
    assert statuses == {fresh.pk: S.PUBLISHED, stale.pk: S.EXPIRED, refreshed.pk: S.PUBLISHED}
    event = listing_events(stale).last()
    assert event is not None
    assert (event.actor, event.from_status, event.to_status) == (None, S.PUBLISHED, S.EXPIRED)
    assert services.listing_expire_stale(now=now + timedelta(days=31)) == 2


def test_relist_keeps_the_first_listing_date(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    first = listing.first_listed_at
    Listing.objects.filter(pk=listing.pk).update(refreshed_at=timezone.now() - timedelta(days=40))
    services.listing_expire_stale()
    listing.refresh_from_db()
    services.listing_relist(listing=listing, actor=people.staff)
    assert listing.status == S.PENDING
    assert listing.verified is False  # checked again before it is a true listing again
    services.listing_verify(
        listing=listing, actor=people.staff, deed_area_m2="120", consigned_price_yuan=800_000
    )
    assert listing.first_listed_at == first
    assert listing.refreshed_at > first


def test_a_home_posted_again_as_a_new_listing_keeps_its_date(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    old = publish(make_listing())
    services.listing_withdraw(listing=old, actor=people.staff)
    again = publish(make_listing(price_yuan=760_000, consigned_price_yuan=760_000))
    assert again.first_listed_at == old.first_listed_at
    other_home = publish(make_listing(area_m2="90"))
    assert other_home.first_listed_at > old.first_listed_at


def test_details_edit_keeps_price_and_status(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = make_listing()
    services.listing_update(
        listing=listing, actor=people.staff, floor=5, total_floors=18, decoration="fine"
    )
    listing.refresh_from_db()
    assert (listing.floor, listing.total_floors, listing.decoration) == (5, 18, "fine")
    assert listing_events(listing).last().note == "Details changed: decoration, floor, total_floors"  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        services.listing_update(listing=listing, actor=people.staff, status="sold")


def test_history_is_append_only(make_listing) -> None:  # type: ignore[no-untyped-def]
    event = ListingEvent.objects.get(listing=make_listing())
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ListingEvent.objects.update(note="x")
    with pytest.raises(AppendOnlyError):
        ListingEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_under_offer_comes_only_from_a_deal(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    listing = publish(make_listing())
    other = publish(make_listing(area_m2="90"))
    other_deal = open_deal(other, people.staff)
    for deal in (Deal(listing=listing, stage=DealStage.OFFER), other_deal):
        with pytest.raises(DomainError) as info:
            services.listing_mark_under_offer(listing=listing, deal=deal, actor=people.staff)
        assert (info.value.code, info.value.status) == ("under_offer_needs_deal", 409)
        assert "record the offer as a deal" in info.value.message
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED
    # A deal falling through does not leave a way to put it under offer by hand again.
    deal = open_deal(listing, people.staff)
    assert listing.status == S.UNDER_OFFER
    services.deal_fall_through(deal=deal, actor=people.staff, note="买家放弃")
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED
    with pytest.raises(DomainError) as info:
        services.listing_mark_under_offer(listing=listing, deal=deal, actor=people.staff)
    assert info.value.code == "under_offer_needs_deal"
    listing.refresh_from_db()
    assert listing.status == S.PUBLISHED
