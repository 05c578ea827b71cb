"""Writes for volunteer services. Each service validates first (ValidationError with
a message per field), checks who acts (PermissionDenied; `actor` None is the platform
itself), then writes inside one transaction together with its audit entry. Broken
business rules raise DomainError: 409 for duplicates, 422 for service that cannot have
happened (before joining, by a non-member)."""

from .activities import (
    OutputIn,
    activity_create,
    activity_output_remove,
    activity_output_set,
    activity_update,
)
from .certificates import certificate_issue
from .imports import ImportRow, read_rows, service_records_import
from .organizations import organization_create, organization_staff_add, organization_update
from .people import membership_add, volunteer_enrol, volunteer_update
from .records import service_record_add, service_record_delete

__all__ = [
    "ImportRow",
    "OutputIn",
    "activity_create",
    "activity_output_remove",
    "activity_output_set",
    "activity_update",
    "certificate_issue",
    "membership_add",
    "organization_create",
    "organization_staff_add",
    "organization_update",
    "read_rows",
    "service_record_add",
    "service_record_delete",
    "service_records_import",
    "volunteer_enrol",
    "volunteer_update",
]
