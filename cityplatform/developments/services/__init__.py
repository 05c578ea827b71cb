"""Writes for developments. Every service validates first, then writes inside one
transaction with its history row and audit entry.

`actor` is the user acting; None means the platform itself (the demo) and skips the
role checks. A move the workflow does not allow raises DomainError (409); a wrong role
or district, PermissionDenied; bad values, ValidationError with per-field messages.
"""

from .developments import (
    DEVELOPMENT_FIELDS,
    development_change_status,
    development_create,
    development_update,
)
from .enquiries import enquiry_add_note, enquiry_submit, enquiry_transition
from .units import (
    UNIT_TYPE_FIELDS,
    photo_add,
    photo_remove,
    photo_update,
    unit_type_add,
    unit_type_remove,
    unit_type_update,
)

__all__ = [
    "DEVELOPMENT_FIELDS",
    "UNIT_TYPE_FIELDS",
    "development_change_status",
    "development_create",
    "development_update",
    "enquiry_add_note",
    "enquiry_submit",
    "enquiry_transition",
    "photo_add",
    "photo_remove",
    "photo_update",
    "unit_type_add",
    "unit_type_remove",
    "unit_type_update",
]
