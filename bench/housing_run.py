"""The child process of bench/housing.py: migrate, generate, load, measure.

    python -m bench.housing_run '{"listings": 1000, "communities": 20, "demands": 100}' out.json

Run by bench.housing.main with the benchmark's environment (its own database).
"""

import io
import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import django


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(rows, size)):
        yield batch


def set_aside_indexes(tables: list[str]) -> list[str]:
    """Drop the tables' secondary indexes, unique and foreign-key constraints; return
    the statements that restore them. Loading into bare tables is several times
    faster than keeping a dozen indexes in step row by row."""
    from django.db import connection

    restore: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = %s AND sql IS NOT NULL",
                    [table],
                )
                for name, sql in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
                    restore.append(sql)
                continue
            cursor.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
                [table],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint "
                "WHERE conrelid = %s::regclass)",
                [table, table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                restore.append(definition)
            for name, _kind, definition in constraints:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    # Unique constraints first (foreign keys need them), then the rest.
    restore.sort(key=lambda sql: "FOREIGN KEY" in sql)
    return restore


def load(size: dict[str, int], now: datetime) -> dict[str, Any]:
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from bench import housing_data as data
    from cityplatform.housing.models import (
        BuyerDemand,
        Community,
        DemandMatchKey,
        Listing,
        ListingTerm,
    )
    from cityplatform.places import demo as places_demo

    places_demo.load(io.StringIO())
    world = data.World(seed=2026, now=now)
    models = [Community, Listing, ListingTerm, BuyerDemand, DemandMatchKey]
    districts_table = BuyerDemand.districts.through
    communities_table = BuyerDemand.communities.through
    counts = {"terms": 0, "keys": 0}
    started = time.perf_counter()
    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns) as progress:
        restore = set_aside_indexes(
            [m._meta.db_table for m in models]
            + [districts_table._meta.db_table, communities_table._meta.db_table]
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_keys = OFF")
                cursor.execute("PRAGMA cache_size = -400000")
        task = progress.add_task("communities", total=size["communities"])
        # A list, not the generator: it reads the districts first, and on PostgreSQL a
        # query inside the COPY would wait for the COPY itself.
        community_rows = list(data.communities(world, size["communities"]))
        written = data.bulk_write(Community, data.columns(Community), community_rows)
        progress.update(task, completed=written)

        task = progress.add_task("listings + keyword index", total=size["listings"])
        terms: list[tuple[Any, ...]] = []
        rows = data.listings(world, size["listings"], terms)
        for batch in _batches(rows, 50_000):
            with transaction.atomic():
                data.bulk_write(Listing, data.columns(Listing), batch)
                counts["terms"] += data.bulk_write(ListingTerm, data.TERM_COLUMNS, terms)
            terms.clear()
            progress.advance(task, len(batch))

        task = progress.add_task("open demands + match keys", total=size["demands"])
        districts: list[tuple[int, str]] = []
        chosen: list[tuple[int, int]] = []
        keys: list[tuple[Any, ...]] = []
        rows = data.demands(world, size["demands"], districts, chosen, keys)
        for batch in _batches(rows, 20_000):
            with transaction.atomic():
                data.bulk_write(BuyerDemand, data.columns(BuyerDemand), batch)
                data.bulk_write(districts_table, ["buyerdemand_id", "place_id"], districts)
                data.bulk_write(communities_table, ["buyerdemand_id", "community_id"], chosen)
                counts["keys"] += data.bulk_write(DemandMatchKey, data.KEY_COLUMNS, keys)
            districts.clear()
            chosen.clear()
            keys.clear()
            progress.advance(task, len(batch))

        task = progress.add_task("indexes and statistics", total=len(restore) + 1)
        with connection.cursor() as cursor:
            for sql in restore:
                cursor.execute(sql)
                progress.advance(task)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.execute("ANALYZE")
            else:
                cursor.execute("VACUUM ANALYZE")
            progress.advance(task)
    return {
        "load_seconds": time.perf_counter() - started,
        "terms": counts["terms"],
        "keys": counts["keys"],
        "world": world,
    }


def _counts_of_existing_database() -> dict[str, Any]:
    from cityplatform.housing.models import DemandMatchKey, ListingTerm

    return {
        "load_seconds": 0.0,
        "terms": ListingTerm.objects.count(),
        "keys": DemandMatchKey.objects.count(),
        "reused": True,
    }


def main() -> None:
    size, out = json.loads(sys.argv[1]), Path(sys.argv[2])
    django.setup()
    from django.core.management import call_command

    from bench import housing_measure

    call_command("migrate", verbosity=0)
    now = datetime.now(UTC)
    if os.environ.get("BENCH_HOUSING_REUSE"):
        from bench import housing_data

        loaded = _counts_of_existing_database()
        world = housing_data.World.from_database(seed=2026, now=now)
    else:
        loaded = load(size, now)
        world = loaded.pop("world")
    results = {"sizes": size, **loaded}
    if not os.environ.get("BENCH_HOUSING_BUILD_ONLY"):
        results.update(housing_measure.measure_all(world, quick=size["listings"] < 10_000))
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    main()
