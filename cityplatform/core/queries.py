"""Reading many rows cheaply."""

from typing import Any

from django.db import connections
from django.db.models import QuerySet


def raw_rows(qs: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """A values_list query's rows as the database driver returns them, without Django's
    per-value converters (a Decimal for each area, an aware datetime for each time):
    for loops that read thousands of rows and convert few of their values, if any.
    Values differ by backend: SQLite gives a DECIMAL column as a float, PostgreSQL as
    a Decimal, and JSON as text on both when cast to text."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
