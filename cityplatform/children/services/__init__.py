"""Writes for the registry. Every service validates first (ValidationError keyed by field),
then writes the record, the child's history line and an audit entry in one transaction.

`actor` is the user acting; None is the platform itself (the demo, background tasks) and
skips the permission checks. Outside the actor's jurisdiction: Http404 for an existing
record, PermissionDenied for a place; no registry role: PermissionDenied.
"""

from .care import (
    ItemInput,
    arrangement_end,
    arrangement_start,
    assistance_record,
    counselling_record,
    follow_up_complete,
    visit_record,
)
from .closing import child_close, child_reopen
from .export import children_export
from .guardians import GuardianInput, guardian_add, guardian_update
from .hotline import hotline_call_log, hotline_call_respond, hotline_calls_escalate_overdue
from .registry import UPDATABLE_FIELDS, child_register, child_update

__all__ = [
    "UPDATABLE_FIELDS",
    "GuardianInput",
    "ItemInput",
    "arrangement_end",
    "arrangement_start",
    "assistance_record",
    "child_close",
    "child_register",
    "child_reopen",
    "child_update",
    "children_export",
    "counselling_record",
    "follow_up_complete",
    "guardian_add",
    "guardian_update",
    "hotline_call_log",
    "hotline_call_respond",
    "hotline_calls_escalate_overdue",
    "visit_record",
]
