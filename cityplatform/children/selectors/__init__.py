"""Reads of the registry. Staff reads take the user and stay inside their jurisdiction."""

from .audit import child_access_log
from .daily import daily_registry_counts, registry_counts_by_village, unplaced_new_children
from .dashboard import (
    Dashboard,
    PlaceRow,
    dashboard_for,
    escalated_calls,
    median_response_minutes,
    open_alarms,
    open_hotline_calls,
    overdue_calls,
    overdue_follow_ups,
)
from .hotline import hotline_call_get, hotline_calls_for
from .registry import (
    QUERY_MAX_LENGTH,
    ChildFilters,
    Status,
    active_arrangement_q,
    alarm_q,
    child_get,
    child_history,
    child_search,
    children_for,
    children_matching,
    id_number_find,
    places_for,
    with_alarm,
)
from .scope import code_range

__all__ = [
    "QUERY_MAX_LENGTH",
    "ChildFilters",
    "Dashboard",
    "PlaceRow",
    "Status",
    "active_arrangement_q",
    "alarm_q",
    "child_access_log",
    "child_get",
    "child_history",
    "child_search",
    "children_for",
    "children_matching",
    "code_range",
    "daily_registry_counts",
    "dashboard_for",
    "escalated_calls",
    "hotline_call_get",
    "hotline_calls_for",
    "id_number_find",
    "median_response_minutes",
    "open_alarms",
    "open_hotline_calls",
    "overdue_calls",
    "overdue_follow_ups",
    "places_for",
    "registry_counts_by_village",
    "unplaced_new_children",
    "with_alarm",
]
