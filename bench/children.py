"""Finding a child: name search within a town, and exact ID-number search, over 100,000
registered children, beside the naive way in the same run.

- ours, name: the registry's own search (`child_search`, as the list page runs it for a
  town's 儿童督导员): a range on the village code narrows the (village, name) index to
  one town, names are compared inside it, first 100 rows with their alarm flag.
- naive, name: `name__icontains` across the whole table, then the town kept in Python.
- ours, ID: the blind index (an HMAC of the number), one indexed equality.
- naive, ID: read every row and decrypt every ID number until one matches.

Builds its own database (SQLite under var/bench/children/, or BENCH_DATABASE_URL), with
the places of the demo and the children bulk-created (ID numbers encrypted row by row).

    uv run python -m bench children            # full size: 100,000 children
    uv run python -m bench children --quick    # tiny size, as the test suite runs it
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_children uv run python -m bench children
"""

import datetime
import io
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import BENCH_SECRETS

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "children"
RESULTS = ROOT / "bench" / "results"
# 李畋镇: the town searched; 24 towns share the children evenly.
TOWN = "430281109000"


@dataclass
class Timing:
    name: str
    samples_ms: list[float]

    def percentile(self, q: float) -> float:
        if len(self.samples_ms) == 1:
            return self.samples_ms[0]
        return statistics.quantiles(self.samples_ms, n=100, method="inclusive")[int(q) - 1]

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return self.percentile(95)


def _configure() -> str:
    """Set Django up on the benchmark's own database, unless it already is (the test
    suite's run uses the test database). Returns the database vendor."""
    from django.conf import settings

    if not settings.configured:
        WORK.mkdir(parents=True, exist_ok=True)
        url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
        if url.startswith("sqlite"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{WORK / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
        else:
            from bench.http_throughput import _recreate_postgres_database

            _recreate_postgres_database(url)
        os.environ.update(
            BENCH_SECRETS,
            DJANGO_SETTINGS_MODULE="cityplatform.settings",
            DATABASE_URL=url,
            DEBUG="0",
            SECURE_SSL="0",
            VAR_DIR=str(WORK),
            LOG_LEVEL="WARNING",
        )
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def build(size: int, progress: Callable[[int], None] | None = None) -> None:
    """The demo's places, two users, and `size` children spread over all 270 villages."""
    from cityplatform.accounts.roles import sync_roles
    from cityplatform.accounts.services import user_ensure
    from cityplatform.children.demo.names import child_name
    from cityplatform.children.identity import id_number_index, id_number_make, id_number_mask
    from cityplatform.children.models import CATEGORY_FIELDS, Category, Child
    from cityplatform.places import demo as places_demo
    from cityplatform.places.models import Place

    if not Place.objects.filter(level=Place.Level.VILLAGE).exists():
        places_demo.load(io.StringIO())
    sync_roles()
    user_ensure(
        username="bench-supervisor",
        password="bench-pass-1234",
        jurisdiction=Place.objects.get(code=TOWN),
        roles=["child_supervisor"],
    )
    user_ensure(
        username="bench-bureau",
        password="bench-pass-1234",
        jurisdiction=Place.objects.get(code="430281000000"),
        roles=["child_bureau"],
    )
    villages = list(
        Place.objects.filter(code__startswith="430281", level=Place.Level.VILLAGE).order_by("code")
    )
    rng = random.Random(2020)
    per_birth_date: dict[datetime.date, int] = {}
    batch: list[Any] = []
    categories = list(Category.values)
    registered = datetime.date(2020, 2, 1)
    for index in range(size):
        birth = registered - datetime.timedelta(days=rng.randrange(365, 17 * 365))
        per_birth_date[birth] = per_birth_date.get(birth, 0) + 1
        number = id_number_make("430281", birth, per_birth_date[birth])
        category = rng.choice(categories)
        batch.append(
            Child(
                name=child_name(rng),
                sex="M" if per_birth_date[birth] % 2 else "F",
                birth_date=birth,
                id_number=number,
                id_number_index=id_number_index(number),
                id_number_masked=id_number_mask(number),
                village=villages[index % len(villages)],
                registered_on=registered,
                guardianship="lacking_epidemic" if rng.random() < 0.05 else "adequate",
                **{column: code == category for code, column in CATEGORY_FIELDS.items()},
            )
        )
        if len(batch) == 5000 or index == size - 1:
            Child.objects.bulk_create(batch)
            if progress:
                progress(len(batch))
            batch = []
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time(name: str, queries: list[Any], run: Callable[[Any], object]) -> Timing:
    samples = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(name, samples)


def measure(
    *, name_queries: int, id_queries: int, naive_id_queries: int
) -> list[tuple[str, Timing, Timing]]:
    from cityplatform.accounts.models import User
    from cityplatform.children.models import Child
    from cityplatform.children.selectors import ChildFilters, child_search
    from cityplatform.places.models import Place

    supervisor = User.objects.get(username="bench-supervisor")
    bureau = User.objects.get(username="bench-bureau")
    prefix = Place.objects.get(code=TOWN).prefix
    rng = random.Random(7)
    town_names = list(
        Child.objects.filter(village__code__startswith=prefix).values_list("name", flat=True)
    )
    # Whole names, given names and surnames: a mix of few and many hits.
    queries = [rng.choice(town_names) for _ in range(name_queries // 2)]
    queries += [rng.choice(town_names)[1:] or "子" for _ in range(name_queries // 4)]
    queries += [rng.choice(town_names)[0] for _ in range(name_queries - len(queries))]
    numbers = list(Child.objects.order_by("?").values_list("id_number", flat=True)[:id_queries])

    def ours_name(q: str) -> object:
        return list(child_search(user=supervisor, filters=ChildFilters(q=q))[:100])

    def naive_name(q: str) -> object:
        return [
            c for c in Child.objects.filter(name__icontains=q) if c.village_id.startswith(prefix)
        ]

    def ours_id(number: str) -> object:
        return list(child_search(user=bureau, filters=ChildFilters(id_number=number)))

    def naive_id(number: str) -> object:
        return next(
            (c for c in Child.objects.all().iterator(chunk_size=2000) if c.id_number == number),
            None,
        )

    # Same answers, or the comparison means nothing.
    for q in queries[:5]:
        ours = {c.pk for c in child_search(user=supervisor, filters=ChildFilters(q=q))}
        assert ours == {c.pk for c in naive_name(q)}, q  # type: ignore[attr-defined]
    assert ours_id(numbers[0])[0].pk == naive_id(numbers[0]).pk  # type: ignore[index, union-attr]

    ours_name(queries[0])  # warm-up
    naive_name(queries[0])
    return [
        (
            "name search within a town",
            _time("ours", queries, ours_name),
            _time("naive", queries, naive_name),
        ),
        (
            "exact ID-number search",
            _time("ours", numbers, ours_id),
            _time("naive", numbers[:naive_id_queries], naive_id),
        ),
    ]


def query_plan() -> str:
    """How the database runs the town's name search (the index it uses)."""
    from cityplatform.accounts.models import User
    from cityplatform.children.selectors import ChildFilters, child_search

    supervisor = User.objects.get(username="bench-supervisor")
    qs = child_search(user=supervisor, filters=ChildFilters(q="子"))[:100]
    return str(qs.explain())


def report(vendor: str, size: int, rows: list[tuple[str, Timing, Timing]]) -> str:
    lines = [
        f"children benchmark ({vendor}, {size:,} children, town {TOWN})",
        "| search | ours p50 ms | ours p95 ms | naive p50 ms | naive p95 ms | naive / ours (p50) | queries (ours / naive) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, ours, naive in rows:
        ratio = naive.p50 / ours.p50 if ours.p50 else float("inf")
        lines.append(
            f"| {name} | {ours.p50:.2f} | {ours.p95:.2f} | {naive.p50:.1f} | {naive.p95:.1f} "
            f"| {ratio:.1f}× | {len(ours.samples_ms)} / {len(naive.samples_ms)} |"
        )
    return "\n".join(lines)


def run(
    *, size: int, name_queries: int, id_queries: int, naive_id_queries: int, show_progress: bool
) -> list[tuple[str, Timing, Timing]]:
    vendor = _configure()
    if show_progress:
        from rich.progress import Progress

        with Progress() as bar:
            task = bar.add_task(f"building {size:,} children", total=size)
            build(size, progress=lambda n: bar.advance(task, n))
    else:
        build(size)
    rows = measure(
        name_queries=name_queries, id_queries=id_queries, naive_id_queries=naive_id_queries
    )
    print(report(vendor, size, rows))
    if show_progress:
        print("query plan of the town's name search:")
        print(query_plan())
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"children-{vendor}.json").write_text(
            json.dumps(
                [
                    {
                        "search": name,
                        "ours_p50_ms": ours.p50,
                        "ours_p95_ms": ours.p95,
                        "naive_p50_ms": naive.p50,
                        "naive_p95_ms": naive.p95,
                    }
                    for name, ours, naive in rows
                ],
                indent=2,
            )
        )
    return rows


def main(*, quick: bool = False) -> list[tuple[str, Timing, Timing]]:
    if quick:
        return run(size=600, name_queries=8, id_queries=4, naive_id_queries=2, show_progress=False)
    return run(
        size=100_000, name_queries=200, id_queries=200, naive_id_queries=10, show_progress=True
    )
