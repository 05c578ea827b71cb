"""Reads of hotline calls for registry staff, inside their jurisdiction."""

from typing import Any

from django.db.models import QuerySet

from cityplatform.children.access import registry_get_or_404, registry_visible
from cityplatform.children.models import HotlineCall


def hotline_calls_for(user: Any, *, open_only: bool = False) -> QuerySet[HotlineCall]:
    qs = registry_visible(HotlineCall.objects.all(), user).select_related("place", "responded_by")
    if open_only:
        qs = qs.filter(first_response_at__isnull=True)
    return qs.order_by("-received_at", "-id")


def hotline_call_get(*, user: Any, pk: int) -> HotlineCall:
    return registry_get_or_404(
        HotlineCall.objects.select_related("place", "child", "responded_by", "logged_by")
        .defer("child__id_number")
        .prefetch_related("events"),
        user,
        pk=pk,
    )
