"""The auditor's view: who looked at, exported or changed a given child, and when."""

from typing import Any

from django.db.models import Q, QuerySet

from cityplatform.accounts.jurisdiction import jurisdiction_prefix
from cityplatform.audit.models import AuditEntry
from cityplatform.children.models import Child
from cityplatform.places.models import Place

CHILD_TYPE = Child._meta.label_lower


def child_access_log(*, auditor: Any, child_id: int) -> QuerySet[AuditEntry]:
    """Entries about the child (views, changes) and the exports that covered its place,
    newest first; only entries inside the auditor's jurisdiction."""
    prefix = jurisdiction_prefix(auditor)
    if prefix is None:
        return AuditEntry.objects.none()
    child = Child.objects.filter(pk=child_id).only("pk", "village_id", "created_at").first()
    if child is None or not child.village_id.startswith(prefix):
        return AuditEntry.objects.none()
    village = Place(code=child.village_id, level=Place.Level.VILLAGE)
    covering = [*village.ancestor_codes(), village.code]
    return AuditEntry.objects.filter(
        Q(object_type=CHILD_TYPE, object_id=str(child.pk))
        | Q(
            object_type=CHILD_TYPE,
            object_id="",
            action=AuditEntry.Action.EXPORT,
            place_code__in=covering,
            at__gte=child.created_at,
        )
    ).order_by("-at", "-id")
