"""Reads for life services.

The public sees published providers only. Service requests are seen only by the
staff of their provider (ProviderStaff); for anyone else they do not exist (404).
"""

from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cityplatform.core.validators import clean_text
from cityplatform.directory.models import (
    ALLOWED_TRANSITIONS,
    Provider,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestNote,
)

Status = ServiceRequest.Status

# Longest search text honoured; longer input is cut, not refused.
QUERY_MAX_LENGTH = 100


def category_list() -> QuerySet[ServiceCategory]:
    """All categories in display order, each with `provider_count` (published providers)."""
    return ServiceCategory.objects.annotate(
        provider_count=Count("providers", filter=Q(providers__is_published=True))
    ).order_by("order", "name")


def provider_list(
    *, q: str | None = None, category: ServiceCategory | int | None = None
) -> QuerySet[Provider]:
    """Published providers; `q` (words separated by spaces) must all match somewhere."""
    qs = Provider.objects.filter(is_published=True).select_related("category", "place")
    if category is not None:
        qs = qs.filter(category=category)
    for word in clean_text(q)[:QUERY_MAX_LENGTH].split():
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(main_business__icontains=word)
            | Q(slogan__icontains=word)
            | Q(category__name__icontains=word)
        )
    return qs.order_by("category__order", "name", "pk")


def provider_get_published(pk: int) -> Provider:
    """The published provider, or Http404 (unpublished looks like absent)."""
    provider = provider_list().filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def _overdue() -> Q:
    # Computed at query time, so "overdue" never goes stale in a stored flag.
    return Q(status=Status.NEW, due_at__lt=timezone.now())


def _with_overdue(qs: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    return qs.annotate(is_overdue=ExpressionWrapper(_overdue(), output_field=BooleanField()))


def _user_ok(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def providers_for_staff(user: Any) -> QuerySet[Provider]:
    """Providers the user works for (published or not)."""
    if not _user_ok(user):
        return Provider.objects.none()
    return Provider.objects.filter(staff_memberships__user=user).order_by("name")


def requests_for_staff(*, user: Any, status: str | None = None) -> QuerySet[ServiceRequest]:
    """Requests of the providers the user is staff of, newest first, with `is_overdue`."""
    if not _user_ok(user):
        return ServiceRequest.objects.none()
    qs = ServiceRequest.objects.filter(provider__staff_memberships__user=user)
    if status:
        qs = qs.filter(status=status)
    return _with_overdue(qs.select_related("provider")).order_by("-created_at", "-id")


def request_get_for_staff(*, user: Any, pk: int) -> ServiceRequest:
    """One request the user may work on, or Http404 (not theirs looks like absent)."""
    obj = requests_for_staff(user=user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def overdue_requests_for_provider(provider: Provider) -> QuerySet[ServiceRequest]:
    """New requests of the provider not contacted by their due time, most overdue first."""
    return _with_overdue(ServiceRequest.objects.filter(_overdue(), provider=provider)).order_by(
        "due_at", "id"
    )


def overdue_count_for_staff(user: Any) -> int:
    return requests_for_staff(user=user).filter(_overdue()).count()


def request_notes(request_obj: ServiceRequest) -> QuerySet[ServiceRequestNote]:
    return request_obj.notes.select_related("author").order_by("created_at", "id")


def next_statuses(request_obj: ServiceRequest) -> list[str]:
    """The statuses staff may move this request to, in workflow order."""
    return [
        to
        for to in (Status.CONTACTED, Status.DONE)
        if (request_obj.status, to) in ALLOWED_TRANSITIONS
    ]
