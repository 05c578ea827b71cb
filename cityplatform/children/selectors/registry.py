"""Reads of the registry for its staff: lists, search, one child with everything about it.

Every function takes the user and returns only what lies inside their jurisdiction
(PermissionDenied without a registry role). List querysets defer the encrypted ID
number: lists show the stored masked form and never decrypt.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cityplatform.children.access import registry_get_or_404, registry_visible, scope_prefix
from cityplatform.children.identity import id_number_index, id_number_normalize
from cityplatform.children.models import (
    LACKING,
    CareArrangement,
    Category,
    Child,
    ChildEvent,
    Guardianship,
    category_filter,
)
from cityplatform.core.validators import clean_text
from cityplatform.places.models import Place

from .scope import code_range

# Longest name query honoured; longer input is cut, not refused.
QUERY_MAX_LENGTH = 32


def active_arrangement_q(day: Any = None) -> Q:
    """Arrangements in force on `day` (today by default)."""
    day = day or timezone.localdate()
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def with_alarm(qs: QuerySet[Child], day: Any = None) -> QuerySet[Child]:
    """Annotate `has_active_arrangement` (on `day`)."""
    active = CareArrangement.objects.filter(active_arrangement_q(day), child=OuterRef("pk"))
    return qs.annotate(has_active_arrangement=Exists(active))


def alarm_q() -> Q:
    """A child of the registry (record not closed) lacking guardianship with no
    arrangement in force: an open alarm."""
    return Q(guardianship__in=LACKING, has_active_arrangement=False, closed_on__isnull=True)


def children_for(user: Any) -> QuerySet[Child]:
    """Every child the user may see, for lists: no decryption, village loaded."""
    return (
        registry_visible(Child.objects.all(), user)
        .defer("id_number")
        .select_related("village", "village__parent")
    )


class Status:
    """Which records a list shows: the children in the registry (the default), the
    closed records of those who left it, or both."""

    OPEN = "open"
    CLOSED = "closed"
    ALL = "all"
    VALUES = (OPEN, CLOSED, ALL)


@dataclass(frozen=True)
class ChildFilters:
    q: str = ""
    id_number: str = ""
    place: Place | None = None
    category: str = ""
    guardianship: str = ""
    alarm_only: bool = False
    # "" is the default: open records, except that an exact ID number finds any record.
    status: str = ""


def _status_q(filters: ChildFilters) -> Q:
    status = filters.status
    if status not in Status.VALUES:
        status = Status.ALL if (filters.id_number or "").strip() else Status.OPEN
    if status == Status.OPEN:
        return Q(closed_on__isnull=True)
    if status == Status.CLOSED:
        return Q(closed_on__isnull=False)
    return Q()


def children_matching(qs: QuerySet[Child], *, prefix: str, q: str) -> QuerySet[Child]:
    """Children under the place `prefix` whose name contains `q`.

    The range on the village code lets the (village, name) index narrow the rows to one
    town or village before any name is compared."""
    qs = qs.filter(code_range("village_id", prefix))
    q = clean_text(q)[:QUERY_MAX_LENGTH]
    if q:
        qs = qs.filter(name__contains=q)
    return qs


def child_search(*, user: Any, filters: ChildFilters) -> QuerySet[Child]:
    """The registry list and search: by name inside the user's jurisdiction (optionally
    narrowed to one of its places), or by exact ID number through the blind index.
    Closed records are left out unless `filters.status` asks for them (an exact ID
    number finds a closed record too).

    Raises ValidationError for a malformed ID number."""
    qs = children_for(user)
    prefix = scope_prefix(user)
    if filters.place is not None and filters.place.prefix.startswith(prefix):
        prefix = filters.place.prefix
    qs = children_matching(qs, prefix=prefix, q=filters.q)
    if (filters.id_number or "").strip():
        number = id_number_normalize(filters.id_number)
        qs = qs.filter(id_number_index=id_number_index(number))
    if filters.category in Category.values:
        qs = qs.filter(**category_filter(filters.category))
    if filters.guardianship in Guardianship.values:
        qs = qs.filter(guardianship=filters.guardianship)
    qs = with_alarm(qs.filter(_status_q(filters)))
    if filters.alarm_only:
        qs = qs.filter(alarm_q())
    return qs.order_by("village_id", "name", "pk")


def child_get(*, user: Any, pk: int) -> Child:
    """One child with guardians and care, or Http404 (outside looks like absent)."""
    return registry_get_or_404(
        with_alarm(Child.objects.select_related("village", "village__parent")).prefetch_related(
            "guardians",
            "arrangements",
            "visits",
            "counselling_sessions",
            Prefetch("assistance__items"),
        ),
        user,
        pk=pk,
    )


def child_history(child: Child) -> QuerySet[ChildEvent]:
    return child.events.select_related("actor").order_by("-at", "-id")


def id_number_find(*, user: Any, id_number: str) -> Child | None:
    """The visible child with exactly this ID number, or None."""
    try:
        number = id_number_normalize(id_number)
    except ValidationError:
        return None
    return children_for(user).filter(id_number_index=id_number_index(number)).first()


def places_for(user: Any, *, level: int | None = None) -> QuerySet[Place]:
    """Places inside the user's jurisdiction (for choices)."""
    prefix = scope_prefix(user)
    qs = Place.objects.filter(code_range("code", prefix)) if prefix else Place.objects.all()
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("code")
