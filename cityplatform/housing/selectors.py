"""Reads for housing.

The public sees published listings only, and never the owner's name or phone, the
consigned price or the source ad text: `listings_public()` is a queryset that leaves
those columns out of its rows and refuses them in `values()` / `values_list()`.
Staff see the listings of their jurisdiction (accounts.jurisdiction).
"""

import statistics
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldError
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404

from cityplatform.accounts.jurisdiction import get_visible_or_404, visible_to
from cityplatform.housing.models import (
    ACTIVE_STATUSES,
    Community,
    FalseListingReport,
    Listing,
    ListingEvent,
    ListingPhoto,
    ListingStatus,
)
from cityplatform.housing.permissions import is_housing_staff
from cityplatform.places.models import Place

S = ListingStatus

# Never on a public page or in the public API.
PRIVATE_FIELDS = frozenset(
    {
        "owner_name",
        "owner_phone",
        "consigned_price_yuan",
        "source_text",
        "source_key",
        "possible_duplicate_of",
        "verified_by",
        "events",
        "reports",
    }
)
PUBLIC_FIELDS = (
    "id",
    "community",
    "place",
    "bedrooms",
    "living_rooms",
    "bathrooms",
    "building_type",
    "area_m2",
    "actual_area_m2",
    "floor",
    "total_floors",
    "decoration",
    "furnished",
    "price_yuan",
    "unit_price_yuan",
    "features",
    "description",
    "status",
    "verified",
    "verified_at",
    "first_listed_at",
    "refreshed_at",
)
# Duplicates: area within 1 %, price within 3 %.
AREA_MATCH_PERCENT = 1
PRICE_MATCH_PERCENT = 3


def _check_public(names: tuple[str, ...]) -> None:
    for name in names:
        root = name.split("__", 1)[0]
        if root in PRIVATE_FIELDS or (root.endswith("_id") and root[:-3] in PRIVATE_FIELDS):
            raise FieldError(f"{name!r} is private to staff.")


class PublicListingQuerySet(QuerySet[Listing]):
    """Published listings without their private columns."""

    def values(self, *fields: Any, **expressions: Any) -> Any:
        names = tuple(str(f) for f in fields) or PUBLIC_FIELDS
        _check_public(names)
        return super().values(*names, **expressions)

    def values_list(self, *fields: Any, flat: bool = False, named: bool = False) -> Any:
        names = tuple(str(f) for f in fields) or PUBLIC_FIELDS
        _check_public(names)
        return super().values_list(*names, flat=flat, named=named)


def listings_public(
    queryset_class: type[PublicListingQuerySet] = PublicListingQuerySet,
) -> PublicListingQuerySet:
    """Listings on the market for the public: published ones, newest first.
    (`queryset_class`: a subclass with other reading habits, as search's.)"""
    qs = queryset_class(model=Listing)
    return (
        qs.filter(status=S.PUBLISHED)
        .select_related("community", "place")
        .defer(*(f for f in PRIVATE_FIELDS if f not in ("events", "reports")))
        .order_by("-first_listed_at", "-id")
    )


def listing_get_public(pk: int) -> Listing:
    """The published listing, or Http404 (any other status looks like absent)."""
    listing = listings_public().filter(pk=pk).first()
    if listing is None:
        raise Http404
    return listing


def listings_for_staff(user: Any, *, status: str | None = None) -> QuerySet[Listing]:
    """Every listing in the user's jurisdiction, for housing staff; none for anyone else."""
    if not is_housing_staff(user):
        return Listing.objects.none()
    qs = visible_to(Listing.objects.all(), user).select_related("community", "place")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-id")


def listing_get_for_staff(user: Any, pk: int) -> Listing:
    if not is_housing_staff(user):
        raise Http404
    return get_visible_or_404(Listing.objects.select_related("community", "place"), user, pk=pk)


def listing_events(listing: Listing) -> QuerySet[ListingEvent]:
    """The listing's history, oldest first."""
    return listing.events.select_related("actor").order_by("at", "id")


def price_history(listing: Listing) -> list[tuple[datetime, int | None, int | None]]:
    """(when, old price, new price) of every price change."""
    return [
        (e.at, e.old_price_yuan, e.new_price_yuan)
        for e in listing_events(listing)
        if e.from_status and e.price_changed
    ]


def _same_home(listing: Listing) -> Q:
    """Same community and layout, same floor when both are known, area within 1 %."""
    q = Q(community_id=listing.community_id)
    for field in ("bedrooms", "living_rooms"):
        value = getattr(listing, field)
        q &= Q(**{f"{field}__isnull": True}) if value is None else Q(**{field: value})
    for field in ("bathrooms", "floor"):
        value = getattr(listing, field)
        if value is not None:
            q &= Q(**{f"{field}__isnull": True}) | Q(**{field: value})
    # |a - b| <= 1 % of the larger of the two, whichever listing is asked about.
    area = Decimal(listing.area_m2)
    q &= Q(
        area_m2__gte=area * (100 - AREA_MATCH_PERCENT) / 100,
        area_m2__lte=area * 100 / (100 - AREA_MATCH_PERCENT),
    )
    return q


def listing_duplicates(listing: Listing) -> QuerySet[Listing]:
    """Active listings (pending, published, under offer) that look like the same home:
    same community, layout and floor (when both known), area within 1 % and price within
    3 % of the larger of the two (a 面议 listing matches any price)."""
    q = _same_home(listing)
    price = listing.price_yuan
    if price is not None:
        # |p - q| <= 3 % of the larger, in integers: p·97/100 <= q <= p·100/97.
        low = -(-price * (100 - PRICE_MATCH_PERCENT) // 100)
        high = price * 100 // (100 - PRICE_MATCH_PERCENT)
        q &= Q(price_yuan__isnull=True) | Q(price_yuan__gte=low, price_yuan__lte=high)
    return (
        Listing.objects.filter(q, status__in=ACTIVE_STATUSES).exclude(pk=listing.pk).order_by("pk")
    )


def listing_earlier_postings(listing: Listing) -> QuerySet[Listing]:
    """Other listings of the same home, since withdrawn or expired (whatever their
    price then): the home posted again as a new listing is not a new home."""
    return Listing.objects.filter(_same_home(listing), status__in=(S.WITHDRAWN, S.EXPIRED)).exclude(
        pk=listing.pk
    )


def listing_earliest_posting(listing: Listing) -> datetime | None:
    """When the same home first went on the market as another listing."""
    found: datetime | None = (
        listing_earlier_postings(listing)
        .filter(first_listed_at__isnull=False)
        .aggregate(first=Min("first_listed_at"))["first"]
    )
    return found


def communities_with_stats(*, district: Place | None = None) -> list[Community]:
    """Communities with `listing_count` (published listings) and
    `median_unit_price_yuan` (their median unit price; None without prices), by name.

    The median is computed in Python over the published unit prices: fine for
    thousands of listings; the million-listing scale wants a stored statistic.
    """
    qs = Community.objects.select_related("place").annotate(
        listing_count=Count("listings", filter=Q(listings__status=S.PUBLISHED))
    )
    if district is not None:
        qs = qs.filter(place__code__startswith=district.prefix)
    communities: list[Community] = list(qs.order_by("name", "id"))
    prices: dict[int, list[int]] = {}
    rows = Listing.objects.filter(
        status=S.PUBLISHED,
        unit_price_yuan__isnull=False,
        community__in=[c.pk for c in communities],
    ).values_list("community_id", "unit_price_yuan")
    for community_id, price in rows:
        if price is not None:
            prices.setdefault(community_id, []).append(price)
    for community in communities:
        values = prices.get(community.pk)
        community.median_unit_price_yuan = (  # type: ignore[attr-defined]
            round(statistics.median(values)) if values else None
        )
    return communities


def false_listing_reports_for_staff(
    user: Any, *, status: str | None = FalseListingReport.Status.OPEN
) -> QuerySet[FalseListingReport]:
    """Reports on listings in the user's jurisdiction, oldest first (the queue)."""
    if not is_housing_staff(user):
        return FalseListingReport.objects.none()
    qs = visible_to(FalseListingReport.objects.select_related("listing__community"), user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "id")


def listing_photos(listing: Listing) -> QuerySet[ListingPhoto]:
    """The listing's photos in their order, for its page."""
    return ListingPhoto.objects.filter(listing=listing).order_by("order", "id")
