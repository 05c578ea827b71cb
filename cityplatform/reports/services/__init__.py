"""Writes for daily reports. Each service checks the actor's role and jurisdiction,
validates, then writes in one transaction with the history rows and an audit entry.

Refusals raise DomainError (403 not yours, 404 unknown kind, 409 the state forbids it,
422 bad day) or ValidationError (bad figures, a missing reason).
"""

from .approvals import county_day_approve, report_approve, town_day_approve
from .filing import (
    FilingResult,
    clean_values,
    report_file,
    report_file_zero,
    report_flags_refresh,
)
from .reminders import reminders_send

__all__ = [
    "FilingResult",
    "clean_values",
    "county_day_approve",
    "reminders_send",
    "report_approve",
    "report_file",
    "report_file_zero",
    "report_flags_refresh",
    "town_day_approve",
]
