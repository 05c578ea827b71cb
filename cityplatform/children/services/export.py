"""Exporting the registry: the rows the user may see, one audit entry per export."""

from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from cityplatform.audit.services import Action, audit_record
from cityplatform.children.access import may_see_full_id, scope_prefix
from cityplatform.children.exports import children_workbook
from cityplatform.children.models import CareArrangement, Child
from cityplatform.children.selectors import ChildFilters, child_search

# An export is a list for forwarding upwards, not a copy of the database.
MAX_EXPORT_ROWS = 20_000


def children_export(*, actor: Any, filters: ChildFilters, request: Any = None) -> tuple[bytes, int]:
    """The XLSX of the children matching `filters` inside the actor's jurisdiction, and
    how many rows it holds. Full ID numbers only for roles that may see them."""
    full = may_see_full_id(actor)
    qs = child_search(user=actor, filters=filters).prefetch_related(
        "guardians",
        Prefetch("arrangements", queryset=CareArrangement.objects.order_by("-starts_on")),
    )
    if full:
        qs = qs.defer(None)
    children: list[Child] = list(qs[:MAX_EXPORT_ROWS])
    scope = filters.place.code if filters.place is not None else _scope_code(actor)
    with transaction.atomic():
        audit_record(
            action=Action.EXPORT,
            actor=actor,
            object_type=Child._meta.label_lower,
            place_code=scope,
            request=request,
            detail={
                "rows": len(children),
                "full_id_numbers": full,
                "filtered_by_name": bool(filters.q),
                "category": filters.category,
            },
        )
    return children_workbook(children, full_id_numbers=full), len(children)


def _scope_code(actor: Any) -> str:
    prefix = scope_prefix(actor)
    if actor.jurisdiction_id and prefix:
        return str(actor.jurisdiction_id)
    return ""
