"""Reading many rows cheaply."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
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


@contextmanager
def serial_queries(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block's PostgreSQL queries without parallel workers.

    For request paths of many small ranked queries (a buyer's top listings): on a
    two-core server PostgreSQL's planner reached for a parallel plan at a few thousand
    rows, and starting its workers cost 10-20 ms a query, more than the plan saved.
    Batch work keeps the server's setting. A no-op on SQLite."""
    connection = connections[using]
    depth = getattr(connection, "_serial_queries_depth", 0)
    if connection.vendor != "postgresql" or depth:
        yield  # SQLite, or inside another such block: already serial
        return
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    connection._serial_queries_depth = 1  # type: ignore[attr-defined]
    try:
        yield
    finally:
        connection._serial_queries_depth = 0  # type: ignore[attr-defined]
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET max_parallel_workers_per_gather")
        except DatabaseError:
            pass  # the transaction failed; its rollback undoes the SET
