"""The volunteer summary (GET /api/volunteers/summary) over 1,000,000 service records,
beside a naive Python aggregation of the same records in the same run.

Builds its own database (SQLite under var/bench/volunteers/, or BENCH_DATABASE_URL,
recreated on every run), migrates it, loads 醴陵's places, then inserts 42
organisations, 50,000 volunteers (ID numbers encrypted like any other), 10,000
activities over the epidemic weeks and 1,000,000 service records (executemany on
SQLite, COPY on PostgreSQL, with a progress bar). Then, in-process through Django's
test client, it requests the summary for the whole county, for one town, for one
month and for both, and times a naive aggregation (every record loaded into Python,
grouped with sets and sums) for the same selections. The naive figures must equal
the API's: the benchmark checks the aggregation as well as timing it.

    uv run python -m bench volunteers            # full size (a few minutes)
    uv run python -m bench volunteers --quick    # tiny size, as the test suite runs it
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_volunteers \\
        uv run python -m bench volunteers
"""

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import bench_env

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "volunteers"
RESULTS = ROOT / "bench" / "results"
FLOOR_MS = 200.0

SHITING = "430281108000"
FIRST_DAY = date(2020, 1, 25)
DAYS = 54  # to 2020-03-18

CASES: list[tuple[str, dict[str, str]]] = [
    ("whole county", {}),
    ("one town (石亭镇)", {"town": SHITING}),
    ("one month (2020-02)", {"from": "2020-02-01", "to": "2020-02-29"}),
    ("town and month", {"town": SHITING, "from": "2020-02-01", "to": "2020-02-29"}),
]


@dataclass(frozen=True)
class Size:
    records: int
    volunteers: int
    activities: int
    organizations: int
    requests: int  # timed requests per case
    naive_runs: int


FULL = Size(1_000_000, 50_000, 10_000, 42, requests=60, naive_runs=2)
QUICK = Size(3_000, 300, 60, 6, requests=5, naive_runs=1)


@dataclass
class CaseResult:
    name: str
    query: str
    p50_ms: float
    p95_ms: float
    naive_ms: float
    ratio: float
    person_times: int
    volunteers: int


# --- The parent: a fresh database and a child process with its settings -----------


def _env() -> dict[str, str]:
    return bench_env(WORK)


def main(*, quick: bool = False) -> list[CaseResult]:
    from bench.http_throughput import _recreate_postgres_database

    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "static").mkdir(parents=True)  # STATIC_ROOT, so whitenoise does not warn
    env = _env()
    if env["DATABASE_URL"].startswith("postgres"):
        _recreate_postgres_database(env["DATABASE_URL"])
    out = WORK / "results.json"
    subprocess.run(
        [sys.executable, "-m", "bench.volunteers", "--child", "--out", str(out)]
        + (["--quick"] if quick else []),
        env=env,
        check=True,
        cwd=ROOT,
    )
    results = [CaseResult(**row) for row in json.loads(out.read_text())]
    if not quick:
        database = env["DATABASE_URL"].split(":", 1)[0]
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"volunteers-{database}.json").write_text(out.read_text())
    return results


# --- The child: seed, measure, report ---------------------------------------------


def _id_number(serial: int) -> str:
    from stdnum.cn import ric

    born = date(1989, 1, 1) + timedelta(days=serial // 900)
    body = f"430281{born:%Y%m%d}{serial % 900 + 1:03d}"
    return body + ric.calc_check_digit(body + "0")


def _credit_code(serial: int) -> str:
    from stdnum.cn import uscc

    body = f"51430281MJ{serial:07d}"
    return body + uscc.calc_check_digit(body)


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, total, size):
        yield start, min(total, start + size)


def seed(size: Size, progress: Any) -> dict[str, float]:
    """Insert the data; returns seconds per stage."""
    from django.db import connection, transaction

    from cityplatform.places.models import Place
    from cityplatform.volunteers.identity import id_number_index, mask_id_number
    from cityplatform.volunteers.models import Activity, Membership, Organization, Volunteer

    rng = random.Random(2020)
    timings: dict[str, float] = {}
    liling = Place.objects.get(code="430281000000")
    places = list(Place.objects.filter(code__startswith="430281", level__gte=Place.Level.TOWN))
    towns = [p for p in places if p.level == Place.Level.TOWN]

    started = time.perf_counter()
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"醴陵市第{i + 1}志愿服务队",
            kind=Organization.Kind.VOLUNTEER_TEAM,
            credit_code=_credit_code(i + 1),
            contact_person="刘建华",
            contact_phone="13807330001",
            place=liling if i % 3 == 0 else rng.choice(towns),
        )
        for i in range(size.organizations)
    )
    task = progress.add_task("volunteers", total=size.volunteers)
    volunteer_ids: list[int] = []
    with transaction.atomic():
        for start, end in _chunks(size.volunteers, 5_000):
            batch = []
            for serial in range(start, end):
                number = _id_number(serial)
                batch.append(
                    Volunteer(
                        name=f"志愿者{serial}",
                        phone=f"138{serial:08d}",
                        id_number=number,
                        id_number_index=id_number_index(number),
                        id_number_masked=mask_id_number(number),
                        place=rng.choice(towns),
                    )
                )
            volunteer_ids += [v.pk for v in Volunteer.objects.bulk_create(batch)]
            progress.advance(task, end - start)
    timings["volunteers"] = time.perf_counter() - started

    started = time.perf_counter()
    members: dict[int, list[int]] = {org.pk: [] for org in organizations}
    memberships = []
    for i, volunteer_id in enumerate(volunteer_ids):
        organization = organizations[i % len(organizations)]
        members[organization.pk].append(volunteer_id)
        memberships.append(
            Membership(volunteer_id=volunteer_id, organization=organization, joined_on=FIRST_DAY)
        )
    Membership.objects.bulk_create(memberships, batch_size=5_000)
    activities = Activity.objects.bulk_create(
        (
            Activity(
                organization=organizations[i % len(organizations)],
                kind=rng.choice(["epidemic_publicity", "temperature_checks", "disinfection"]),
                title=f"活动{i}",
                place=rng.choice(places),
                date=FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1)),
            )
            for i in range(size.activities)
        ),
        batch_size=5_000,
    )
    timings["organisations, memberships, activities"] = time.perf_counter() - started

    started = time.perf_counter()
    per_activity = size.records // size.activities
    task = progress.add_task("service records", total=size.records)
    hours = ["1.00", "1.50", "2.00", "2.50", "3.00", "4.00"]
    now = connection.ops.adapt_datetimefield_value(
        __import__("django.utils.timezone", fromlist=["now"]).now()
    )

    def rows(start: int, end: int) -> Iterator[tuple[Any, ...]]:
        for activity in activities[start:end]:
            chosen = rng.sample(members[activity.organization_id], per_activity)
            for volunteer_id in chosen:
                yield (
                    volunteer_id,
                    activity.pk,
                    activity.date,
                    activity.place_id,
                    rng.choice(hours),
                    now,
                )

    columns = "(volunteer_id, activity_id, activity_date, activity_place_id, hours, recorded_at)"
    step = max(1, 50_000 // per_activity)
    with transaction.atomic(), connection.cursor() as cursor:
        for start, end in _chunks(size.activities, step):
            batch = list(rows(start, end))
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY volunteers_servicerecord {columns} FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO volunteers_servicerecord {columns} VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608 - constant SQL
                    batch,
                )
            progress.advance(task, len(batch))
    timings["service records"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    timings["analyze"] = time.perf_counter() - started
    return timings


def naive_summary(params: dict[str, str]) -> dict[str, Any]:
    """What a first version would do: load every record with its activity and add up
    in Python."""
    from cityplatform.volunteers.models import Activity, ServiceRecord

    date_from = date.fromisoformat(params["from"]) if "from" in params else None
    date_to = date.fromisoformat(params["to"]) if "to" in params else None
    prefix = params["town"][:9] if "town" in params else ""

    def selected(on: date, place: str) -> bool:
        return (
            (date_from is None or on >= date_from)
            and (date_to is None or on <= date_to)
            and place.startswith(prefix)
        )

    organizations, activities = set(), 0
    for on, place, organization in Activity.objects.values_list(
        "date", "place_id", "organization_id"
    ).iterator(chunk_size=10_000):
        if selected(on, place):
            activities += 1
            organizations.add(organization)
    volunteers: set[int] = set()
    person_times, hours = 0, Decimal(0)
    for volunteer, served_hours, on, place in ServiceRecord.objects.values_list(
        "volunteer_id", "hours", "activity__date", "activity__place_id"
    ).iterator(chunk_size=10_000):
        if selected(on, place):
            volunteers.add(volunteer)
            person_times += 1
            hours += served_hours
    return {
        "organizations": len(organizations),
        "volunteers": len(volunteers),
        "activities": activities,
        "person_times": person_times,
        "hours": f"{hours:.2f}",
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def measure(size: Size, progress: Any) -> list[CaseResult]:
    from django.test import Client

    client = Client()
    results = []
    task = progress.add_task("measuring", total=len(CASES))
    for name, params in CASES:
        for _ in range(3):  # warm the caches
            client.get("/api/volunteers/summary", params)
        latencies = []
        body: dict[str, Any] = {}
        for _ in range(size.requests):
            elapsed, response = _timed(lambda p=params: client.get("/api/volunteers/summary", p))
            assert response.status_code == 200, response.content
            body = response.json()
            latencies.append(elapsed)
        naive_times = []
        for _ in range(size.naive_runs):
            elapsed, naive = _timed(lambda p=params: naive_summary(p))
            naive_times.append(elapsed)
        ours = {key: body[key] for key in naive}
        assert ours == naive, f"{name}: API {ours} != naive {naive}"
        p50 = statistics.median(latencies)
        naive_ms = statistics.median(naive_times)
        results.append(
            CaseResult(
                name=name,
                query="&".join(f"{k}={v}" for k, v in params.items()),
                p50_ms=round(p50, 1),
                p95_ms=round(_percentile(latencies, 0.95), 1),
                naive_ms=round(naive_ms, 1),
                ratio=round(naive_ms / p50, 1) if p50 else 0.0,
                person_times=body["person_times"],
                volunteers=body["volunteers"],
            )
        )
        progress.advance(task)
    return results


def report(results: list[CaseResult]) -> str:
    lines = [
        "| selection | query | person-times | volunteers | p50 ms | p95 ms | naive ms | naive ÷ ours |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | `{r.query or '(none)'}` | {r.person_times:,} | {r.volunteers:,} "
            f"| {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.naive_ms:,.0f} | {r.ratio:,.0f}× |"
        )
    return "\n".join(lines)


def child(*, quick: bool, out: Path) -> None:
    import io

    import django
    from django.core.management import call_command
    from django.db import connection
    from rich.console import Console
    from rich.progress import Progress

    django.setup()
    from cityplatform.places import demo as places_demo

    size = QUICK if quick else FULL
    console = Console()
    database = connection.vendor
    console.print(
        f"volunteers benchmark ({database}): {size.records:,} service records, "
        f"{size.volunteers:,} volunteers, {size.activities:,} activities"
    )
    call_command("migrate", verbosity=0)
    places_demo.load(io.StringIO())
    with Progress(console=console, transient=quick) as progress:
        timings = seed(size, progress)
        results = measure(size, progress)
    for stage, seconds in timings.items():
        console.print(f"  seeded {stage} in {seconds:.1f}s")
    print(report(results))  # plain: a markdown table for docs/benchmarks.md
    slow = [r.name for r in results if r.p95_ms >= FLOOR_MS]
    console.print(
        f"p95 floor {FLOOR_MS:.0f} ms: " + ("all under" if not slow else f"OVER for {slow}")
    )
    out.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=WORK / "results.json")
    arguments = parser.parse_args()
    if arguments.child:
        child(quick=arguments.quick, out=arguments.out)
    else:
        print(report(main(quick=arguments.quick)))
