"""Small template helpers of the daily-report pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ report.values|get_item:field.name }}`: a dict lookup by a variable key."""
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""
