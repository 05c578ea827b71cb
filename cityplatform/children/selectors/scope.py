"""Narrowing by place code with a range the (village, name) index can use.

`code LIKE '430281109%'` cannot use a B-tree index on SQLite (LIKE there is
case-insensitive) nor on PostgreSQL outside the C collation. Every code under a prefix
lies in [prefix, prefix+1) as strings of digits, which any B-tree can range-scan.
"""

from typing import Any

from django.db.models import Q


def code_range(field: str, prefix: str) -> Q:
    """Rows whose `field` (a 12-digit place code) starts with `prefix`."""
    if not prefix:
        return Q()
    if not prefix.isdigit():
        return Q(pk__in=[])
    stripped = prefix.rstrip("9")
    if not stripped:
        return Q(**{f"{field}__gte": prefix})
    upper = stripped[:-1] + str(int(stripped[-1]) + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def prefix_of(place: Any) -> str:
    return str(place.prefix)
