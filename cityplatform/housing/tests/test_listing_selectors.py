"""Reads: the public sees published listings without owner data; staff see their
jurisdiction; communities carry their statistics."""

import pytest
from django.core.exceptions import FieldError
from django.http import Http404

from cityplatform.housing import services
from cityplatform.housing.selectors import (
    communities_with_stats,
    listing_get_for_staff,
    listing_get_public,
    listings_for_staff,
    listings_public,
)
from cityplatform.housing.tests.conftest import open_deal, publish
from cityplatform.places.models import Place
from conftest import LILING, TIANYUAN

pytestmark = pytest.mark.django_db

PHONE = "13873312345"


def test_owner_data_never_reaches_public_rows(make_listing) -> None:  # type: ignore[no-untyped-def]
    publish(make_listing(owner_phone=PHONE, owner_name="王先生", source_text=f"急售 {PHONE}"))
    rows = list(listings_public().values())
    assert len(rows) == 1
    assert "owner_phone" not in rows[0]
    assert PHONE not in repr(rows)
    assert "王先生" not in repr(rows)
    assert "consigned_price_yuan" not in rows[0]
    assert PHONE not in repr(list(listings_public().values_list()))
    for field in ("owner_phone", "owner_name", "source_text", "consigned_price_yuan"):
        with pytest.raises(FieldError):
            listings_public().values(field)
        with pytest.raises(FieldError):
            listings_public().values_list(field, flat=True)
    with pytest.raises(FieldError):
        listings_public().values("owner_phone__startswith")
    # Model instances of the public query do not even load the private columns.
    listing = listings_public().get()
    assert "owner_phone" in listing.get_deferred_fields()
    assert rows[0]["price_yuan"] == 800_000
    assert rows[0]["verified"] is True


def test_only_published_listings_are_public(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    draft = make_listing()
    published = publish(make_listing(area_m2="60"))
    under_offer = publish(make_listing(area_m2="70"))
    open_deal(under_offer, people.staff)
    assert list(listings_public()) == [published]
    assert listing_get_public(published.pk) == published
    for hidden in (draft, under_offer):
        with pytest.raises(Http404):
            listing_get_public(hidden.pk)


def test_staff_see_their_jurisdiction_only(make_listing, people) -> None:  # type: ignore[no-untyped-def]
    tianyuan = make_listing()
    liling_community = services.community_get_or_create(
        name="醴陵花园", district=Place.objects.get(code=LILING)
    )[0]
    liling = make_listing(community=liling_community)
    assert tianyuan.place_id == TIANYUAN
    assert set(listings_for_staff(people.city_staff)) == {tianyuan, liling}
    assert list(listings_for_staff(people.staff)) == [tianyuan]
    assert list(listings_for_staff(people.liling_staff)) == [liling]
    assert not listings_for_staff(people.stranger).exists()
    assert list(listings_for_staff(people.city_staff, status="draft")) == [liling, tianyuan]
    with pytest.raises(Http404):
        listing_get_for_staff(people.liling_staff, tianyuan.pk)
    assert listing_get_for_staff(people.staff, tianyuan.pk) == tianyuan
    with pytest.raises(Http404):
        listing_get_for_staff(people.stranger, tianyuan.pk)


def test_communities_carry_count_and_median_unit_price(make_listing, community) -> None:  # type: ignore[no-untyped-def]
    for area, price in (("100", 700_000), ("100", 900_000), ("110", 880_000)):
        publish(make_listing(area_m2=area, price_yuan=price, consigned_price_yuan=price))
    make_listing(area_m2="50", price_yuan=100_000)  # a draft does not count
    publish(make_listing(area_m2="200", price_yuan=None))  # 面议: counted, no unit price
    empty = services.community_get_or_create(
        name="空小区", district=Place.objects.get(code=TIANYUAN)
    )[0]
    stats = {c.name: c for c in communities_with_stats()}
    assert stats[community.name].listing_count == 4
    assert stats[community.name].median_unit_price_yuan == 8000  # 7000, 8000, 9000
    assert stats[empty.name].listing_count == 0
    assert stats[empty.name].median_unit_price_yuan is None
    liling = Place.objects.get(code=LILING)
    assert communities_with_stats(district=liling) == []
