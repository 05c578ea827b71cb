"""Reads of buyers' demands and their matches, for staff (the staff console and the API).

Staff see the demands of their jurisdiction (a demand's place is the one district
it names, or 株洲市 when it names several or none); anyone else sees none, and a
demand outside what the user may see answers 404.

For the staff console:
- `demands_for_staff(user)`: "my demands", the ones assigned to the user;
- `demands_unassigned(user)`: open demands nobody has taken yet, oldest first;
- `matches_to_call(user)`: open match notices of the user's demands whose listing
  is on the market, newest first.
"""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from cityplatform.accounts.jurisdiction import get_visible_or_404, visible_to
from cityplatform.housing.matching.criteria import Match
from cityplatform.housing.matching.forward import DEFAULT_LIMIT, listings_for_demand
from cityplatform.housing.models import (
    BuyerDemand,
    DemandEvent,
    DemandStatus,
    Listing,
    ListingStatus,
    MatchNotice,
)
from cityplatform.housing.permissions import is_housing_staff


def demands_visible(user: Any) -> QuerySet[BuyerDemand]:
    """Every demand in the user's jurisdiction, for housing staff; none for anyone else."""
    if not is_housing_staff(user):
        return BuyerDemand.objects.none()
    return visible_to(BuyerDemand.objects.all(), user).select_related(
        "place", "assigned_to", "taken_by"
    )


def demands_for_staff(
    user: Any, *, status: str | None = DemandStatus.OPEN
) -> QuerySet[BuyerDemand]:
    """My demands: those assigned to the user (open ones unless `status` says otherwise),
    each with `open_notices`, the matches still to call about; newest first."""
    qs = demands_visible(user).filter(assigned_to=user.pk if is_housing_staff(user) else None)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        open_notices=Count(
            "notices",
            filter=Q(
                notices__staff_state=MatchNotice.StaffState.OPEN,
                notices__listing__status=ListingStatus.PUBLISHED,
            ),
        )
    ).order_by("-created_at", "-id")


def demands_unassigned(user: Any) -> QuerySet[BuyerDemand]:
    """Open demands in the user's jurisdiction nobody has taken yet, oldest first."""
    return (
        demands_visible(user)
        .filter(assigned_to__isnull=True, status=DemandStatus.OPEN)
        .order_by("created_at", "id")
    )


def demand_get_for_staff(user: Any, pk: int) -> BuyerDemand:
    """The demand, or Http404 when it is absent or outside what the user may see."""
    if not is_housing_staff(user):
        raise Http404
    return get_visible_or_404(
        BuyerDemand.objects.select_related("place", "assigned_to", "taken_by").prefetch_related(
            "districts", "communities"
        ),
        user,
        pk=pk,
    )


def demand_matches(
    user: Any, pk: int, *, limit: int = DEFAULT_LIMIT
) -> tuple[BuyerDemand, list[tuple[Listing, Match]]]:
    """The demand (404 rules as above) and its best published listings, best first."""
    demand = demand_get_for_staff(user, pk)
    return demand, listings_for_demand(demand, limit=limit)


def matches_to_call(user: Any) -> QuerySet[MatchNotice]:
    """Open match notices of the demands assigned to the user whose listing is still on
    the market, newest first: the listings to ring the buyer about. A notice of a
    listing under offer, withdrawn or expired stays open and shows again if the home
    is published again."""
    if not is_housing_staff(user):
        return MatchNotice.objects.none()
    return (
        visible_to(MatchNotice.objects.all(), user)
        .filter(
            demand__assigned_to=user.pk,
            staff_state=MatchNotice.StaffState.OPEN,
            listing__status=ListingStatus.PUBLISHED,
        )
        .select_related("demand", "listing__community", "listing__place")
        .order_by("-created_at", "-id")
    )


def demand_notices(demand: BuyerDemand) -> QuerySet[MatchNotice]:
    """Every match notice of a demand, newest first."""
    return demand.notices.select_related("listing__community", "listing__place").order_by(
        "-created_at", "-id"
    )


def demand_events(demand: BuyerDemand) -> QuerySet[DemandEvent]:
    """The demand's history, oldest first."""
    return demand.events.select_related("actor").order_by("at", "id")
