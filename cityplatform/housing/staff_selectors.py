"""Reads for housing staff: viewings, deals and the work lists of the staff console.

Everything is bounded by the user's jurisdiction (accounts.jurisdiction); a user
without a housing role sees nothing, and a record outside their district is a 404.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from cityplatform.accounts.jurisdiction import get_visible_or_404, visible_to
from cityplatform.housing import clock
from cityplatform.housing.models import (
    ACTIVE_STATUSES,
    OPEN_DEAL_STAGES,
    Deal,
    DealEvent,
    DealStage,
    Listing,
    ListingStatus,
    Viewing,
    ViewingCall,
)
from cityplatform.housing.permissions import is_housing_staff
from cityplatform.housing.selectors import listings_for_staff
from cityplatform.housing.services.freshness import STALE_AFTER


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first instant of `day` (local time) and of the day after."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def viewings_for_staff(
    user: Any,
    *,
    mine: bool = False,
    day: date | None = None,
    status: str | None = None,
) -> QuerySet[Viewing]:
    """Viewings of the user's jurisdiction (only theirs with `mine`), on one local day
    if given, in time order."""
    if not is_housing_staff(user):
        return Viewing.objects.none()
    qs = visible_to(Viewing.objects.all(), user).select_related(
        "listing__community", "listing__place", "staff"
    )
    if mine:
        qs = qs.filter(staff=user)
    if day is not None:
        start, end = local_day_bounds(day)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("starts_at", "id")


def viewings_today(user: Any) -> tuple[list[Viewing], list[Viewing]]:
    """Today's viewings: the user's own, and the others of their jurisdiction."""
    today = list(viewings_for_staff(user, day=clock.today()))
    mine = [v for v in today if v.staff_id == user.pk]
    others = [v for v in today if v.staff_id != user.pk]
    return mine, others


def viewing_calls_to_make(user: Any) -> QuerySet[ViewingCall]:
    """The user's calls still to make to buyers whose viewings were cancelled as the
    home left the market, the soonest viewing first."""
    if not is_housing_staff(user):
        return ViewingCall.objects.none()
    return (
        visible_to(ViewingCall.objects.all(), user)
        .filter(staff=user, called_at__isnull=True)
        .select_related("viewing__listing__community")
        .order_by("viewing__starts_at", "id")
    )


def viewing_call_get_for_staff(user: Any, pk: int) -> ViewingCall:
    """One call of the user's jurisdiction (a colleague may make it), else 404."""
    if not is_housing_staff(user):
        raise Http404
    return get_visible_or_404(ViewingCall.objects.select_related("viewing"), user, pk=pk)


def viewing_get_for_staff(user: Any, pk: int) -> Viewing:
    if not is_housing_staff(user):
        raise Http404
    return get_visible_or_404(
        Viewing.objects.select_related("listing__community", "listing__place", "staff"),
        user,
        pk=pk,
    )


def deals_for_staff(
    user: Any, *, stage: str | None = None, open_only: bool = False
) -> QuerySet[Deal]:
    """Deals of the user's jurisdiction, the newest first."""
    if not is_housing_staff(user):
        return Deal.objects.none()
    qs = visible_to(Deal.objects.all(), user).select_related(
        "listing__community", "listing__place", "staff"
    )
    if stage:
        qs = qs.filter(stage=stage)
    if open_only:
        qs = qs.filter(stage__in=OPEN_DEAL_STAGES)
    return qs.order_by("-opened_at", "-id")


def open_deals_by_stage(user: Any, *, limit: int = 50) -> list[tuple[str, str, int, list[Deal]]]:
    """For each open stage: (stage, label, how many, the oldest `limit` of them) — the
    oldest first, as they have waited longest."""
    qs = deals_for_staff(user, open_only=True)
    counts = dict(qs.values_list("stage").annotate(n=Count("id")).order_by())
    result = []
    for stage in OPEN_DEAL_STAGES:
        deals = (
            list(qs.filter(stage=stage).order_by("opened_at", "id")[:limit])
            if counts.get(stage)
            else []
        )
        result.append((str(stage), str(DealStage(stage).label), counts.get(stage, 0), deals))
    return result


def deal_get_for_staff(user: Any, pk: int) -> Deal:
    if not is_housing_staff(user):
        raise Http404
    return get_visible_or_404(
        Deal.objects.select_related("listing__community", "listing__place", "staff"),
        user,
        pk=pk,
    )


def deal_events(deal: Deal) -> QuerySet[DealEvent]:
    """The deal's timeline, oldest first."""
    return deal.events.select_related("actor").order_by("at", "id")


# --- The console's work lists ----------------------------------------------------

# How long before expiry a listing shows on the console as "about to expire".
EXPIRY_WARNING = timedelta(days=5)


def listings_flagged_duplicate(user: Any) -> QuerySet[Listing]:
    """Listings waiting for staff to decide whether they are the same home as another."""
    return (
        listings_for_staff(user)
        .filter(possible_duplicate_of__isnull=False, status__in=ACTIVE_STATUSES)
        .select_related("possible_duplicate_of__community")
        .order_by("created_at", "id")
    )


def listings_expiring_soon(user: Any) -> QuerySet[Listing]:
    """Published listings that expire within EXPIRY_WARNING unless refreshed, the
    soonest first."""
    cutoff = clock.now() - STALE_AFTER + EXPIRY_WARNING
    return (
        listings_for_staff(user)
        .filter(status=ListingStatus.PUBLISHED, refreshed_at__lt=cutoff)
        .order_by("refreshed_at", "id")
    )


def expires_at(listing: Listing) -> datetime | None:
    return None if listing.refreshed_at is None else listing.refreshed_at + STALE_AFTER
