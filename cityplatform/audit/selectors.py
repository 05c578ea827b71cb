"""Reads of the audit log."""

from django.db.models import QuerySet

from cityplatform.audit.models import AuditEntry


def audit_entries_for_record(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """Who touched a given record and when, newest first."""
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id))
