"""Reading many rows cheaply, and planning request paths' queries (PostgreSQL)."""

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


def rows_for_ids(
    table: str,
    columns: list[str],
    id_column: str,
    ids: list[int],
    *,
    condition: str = "",
    params: tuple[Any, ...] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> list[tuple[Any, ...]]:
    """`columns` of the rows of `table` whose `id_column` is one of `ids` (and which
    meet `condition`, SQL on the table's columns with `params`), as the driver gives
    them.

    Plain SQL: the ORM resolves each value of an `__in` list as a possible expression,
    7 µs apiece, which for the thousands of ids a walk tests cost more than the
    lookups. PostgreSQL gets the ids as one array joined to the table: as a list of
    4,000 parameters they cost it 21 ms to parse and plan, as an array 9 ms in all."""
    if not ids:
        return []
    connection = connections[using]
    selected = ", ".join(f"t.{c}" for c in columns)
    where = f" AND {condition}" if condition else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT {selected} FROM unnest(%s::bigint[]) AS wanted(id) "  # noqa: S608
                f"JOIN {table} t ON t.{id_column} = wanted.id{where}",
                [id_array(ids), *params],
            )
        else:
            cursor.execute(
                f"SELECT {selected} FROM {table} t "  # noqa: S608
                f"WHERE t.{id_column} IN ({', '.join(['%s'] * len(ids))}){where}",
                [*ids, *params],
            )
        return cursor.fetchall()


def id_array(ids: list[int]) -> str:
    """Ids as one PostgreSQL array parameter (cast it with `::bigint[]`), in text: the
    driver's list adapter spends a µs an id."""
    return "{" + ",".join(map(str, ids)) + "}"


# What request_plans sets, for the block only.
REQUEST_PLAN_SETTINGS = {
    "max_parallel_workers_per_gather": "0",
    "random_page_cost": "1.1",
}


@contextmanager
def request_plans(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Plan the block's PostgreSQL queries for a request path of many small ranked
    queries (a buyer's top listings):

    - no parallel workers: on a two-core server the planner reached for a parallel
      plan at a few thousand rows, and starting its workers cost 10-20 ms a query,
      more than the plan saved;
    - an index's page read costed as the cached, solid-state read it is
      (random_page_cost 1.1, not the default 4 of a spinning disk): at 4 the planner
      read 33,000 table pages of a district (130 ms) rather than range the index that
      holds the district's homes by price (4 ms).

    Batch work keeps the server's settings. A no-op on SQLite."""
    connection = connections[using]
    depth = getattr(connection, "_request_plans_depth", 0)
    if connection.vendor != "postgresql" or depth:
        yield  # SQLite, or inside another such block: already set
        return
    with connection.cursor() as cursor:  # one round trip
        cursor.execute("; ".join(f"SET {k} = {v}" for k, v in REQUEST_PLAN_SETTINGS.items()))
    connection._request_plans_depth = 1  # type: ignore[attr-defined]
    try:
        yield
    finally:
        connection._request_plans_depth = 0  # type: ignore[attr-defined]
        try:
            with connection.cursor() as cursor:
                cursor.execute("; ".join(f"RESET {name}" for name in REQUEST_PLAN_SETTINGS))
        except DatabaseError:
            pass  # the transaction failed; its rollback undoes the SETs
