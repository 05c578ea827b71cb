"""The daily-report completeness grid: a month of a county's towns by day, with 294
reporting units × 365 days of reports, beside the naive ways in the same run.

Builds its own database (SQLite under var/bench/reports/, or BENCH_DATABASE_URL),
migrates it, loads 醴陵's 24 towns and 270 villages plus one more village per town
(294 reporting units), and a year of reports (2019) with the demo's mix of zeros,
figures, late and missing filings. Then, in one process, it times one month's grid
(June 2019) three ways:

- ours: `completeness_grid`, counted by the database in two grouped queries;
- naive, per cell: one query per village and day (what a template loop would do);
- naive, in Python: fetch the month's reports and count them in Python.

    uv run python -m bench reports            # full size (a minute or two)
    uv run python -m bench reports --quick    # tiny size, as the test suite runs it
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports uv run python -m bench reports
"""

import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import bench_env

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "reports"
RESULTS = ROOT / "bench" / "results"

YEAR_START = date(2019, 1, 1)
MONTH = (date(2019, 6, 1), date(2019, 6, 30))
# The tiny run times three days of the grid, so the per-cell way stays quick.
QUICK_PERIOD = (date(2019, 6, 1), date(2019, 6, 3))


def _env() -> dict[str, str]:
    return bench_env(WORK)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- In the measuring process (Django set up) -------------------------------------


def _seed(quick: bool, progress: Any) -> tuple[Any, Any, int]:
    import io

    from cityplatform.accounts.models import User
    from cityplatform.places import demo as places_demo
    from cityplatform.places.models import Place
    from cityplatform.reports.kinds import get_kind
    from cityplatform.reports.seeding import Rates, seed_reports

    places_demo.load(io.StringIO())
    county = Place.objects.get(code="430281000000")
    towns = list(Place.objects.filter(level=Place.Level.TOWN, code__startswith="430281"))
    # One more village per town: 24 towns and 270 + 24 = 294 reporting units.
    Place.objects.bulk_create(
        [
            Place(
                code=f"{town.code[:9]}399",
                name=f"{town.name[:2]}基准村",
                kind="村",
                level=Place.Level.VILLAGE,
                parent=town,
            )
            for town in towns
        ],
        ignore_conflicts=True,
    )
    villages = list(Place.objects.filter(level=Place.Level.VILLAGE, code__startswith="430281"))
    days = [YEAR_START + timedelta(days=n) for n in range(365)]
    if quick:
        villages = [v for v in villages if v.code.startswith(("430281002", "430281108"))]
        days = [
            d for d in days if MONTH[0] - timedelta(days=5) <= d <= MONTH[0] + timedelta(days=5)
        ]
    officer = User.objects.create(username="bench-officer")
    kind = get_kind("children_care")
    assert kind is not None
    task = progress.add_task("seeding reports", total=len(villages) * len(days))
    count = seed_reports(
        kind=kind,
        villages=villages,
        days=days,
        reporters={},
        reviewers={t.code: officer for t in towns},
        officer=officer,
        rates=Rates(missing=0.01, late=0.03, nonzero=0.02),
        history=False,
        on_progress=lambda n: progress.advance(task, n),
    )
    progress.update(task, completed=len(villages) * len(days))
    return kind, county, count


def _ours(kind: Any, county: Any, period: tuple[date, date]) -> Callable[[], Any]:
    from django.utils import timezone

    from cityplatform.reports.selectors.completeness import completeness_grid

    now = timezone.now()
    return lambda: (
        completeness_grid(kind=kind, place=county, start=period[0], end=period[1], now=now).total
    )


def _naive_per_cell(kind: Any, county: Any, period: tuple[date, date]) -> Callable[[], Any]:
    """One query per village and day: what a template looping over the grid would do."""
    from cityplatform.places.models import Place
    from cityplatform.reports.models import DailyReport

    def run() -> tuple[int, int, int]:
        on_time = late = missing = 0
        villages = Place.objects.filter(level=Place.Level.VILLAGE, code__startswith=county.prefix)
        for village in villages.order_by("code"):
            day = period[0]
            while day <= period[1]:
                row = (
                    DailyReport.objects.filter(kind=kind.code, village=village, day=day)
                    .values_list("first_filed_at", "due_at")
                    .first()
                )
                if row is None:
                    missing += 1
                elif row[0] > row[1]:
                    late += 1
                else:
                    on_time += 1
                day += timedelta(days=1)
        return on_time, late, missing

    return run


def _naive_python(kind: Any, county: Any, period: tuple[date, date]) -> Callable[[], Any]:
    """Fetch the month's reports and count them per town and day in Python."""
    from cityplatform.places.models import Place
    from cityplatform.reports.models import DailyReport

    def run() -> tuple[int, int, int]:
        expected: dict[str, int] = {}
        for code in Place.objects.filter(
            level=Place.Level.VILLAGE, code__startswith=county.prefix
        ).values_list("code", flat=True):
            expected[code[:9]] = expected.get(code[:9], 0) + 1
        cells: dict[tuple[str, date], list[int]] = {}
        for report in DailyReport.objects.filter(
            kind=kind.code,
            day__gte=period[0],
            day__lte=period[1],
            village__code__startswith=county.prefix,
        ):
            cell = cells.setdefault((report.village_id[:9], report.day), [0, 0])
            cell[1 if report.is_late else 0] += 1
        on_time = sum(c[0] for c in cells.values())
        late = sum(c[1] for c in cells.values())
        days = (period[1] - period[0]).days + 1
        return on_time, late, sum(expected.values()) * days - on_time - late

    return run


def measure(quick: bool) -> list[dict[str, Any]]:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rich.progress import Progress

    with Progress() as progress:
        kind, county, count = _seed(quick, progress)
        period = QUICK_PERIOD if quick else MONTH
        methods = [
            ("ours: grouped queries", _ours(kind, county, period), 3 if quick else 50),
            (
                "naive: query per village and day",
                _naive_per_cell(kind, county, period),
                1 if quick else 5,
            ),
            ("naive: count in Python", _naive_python(kind, county, period), 2 if quick else 20),
        ]
        results = []
        answers = []
        task = progress.add_task("timing", total=sum(runs for _, _, runs in methods))
        for name, run, runs in methods:
            run()  # warm up caches and the connection
            with CaptureQueriesContext(connection) as queries:
                answer = run()
            answers.append(
                answer
                if isinstance(answer, tuple)
                else (answer.on_time, answer.late, answer.missing)
            )
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                run()
                samples.append((time.perf_counter() - started) * 1000)
                progress.advance(task)
            results.append(
                {
                    "name": name,
                    "runs": runs,
                    "queries": len(queries),
                    "p50_ms": statistics.median(samples),
                    "p95_ms": _percentile(samples, 0.95),
                }
            )
    # The three ways must agree, or the comparison means nothing.
    assert len(set(answers)) == 1, answers
    for result in results:
        result["reports"] = count
        result["database"] = connection.vendor
    return results


# --- The driver ------------------------------------------------------------------


def report(results: list[dict[str, Any]]) -> str:
    ours = results[0]["p50_ms"] or 1e-9
    lines = [
        "| method | queries | runs | p50 ms | p95 ms | p50 ratio to ours |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['queries']} | {r['runs']} | {r['p50_ms']:.1f} "
            f"| {r['p95_ms']:.1f} | {r['p50_ms'] / ours:.1f}× |"
        )
    return "\n".join(lines)


def main(*, quick: bool = False) -> list[dict[str, Any]]:
    from bench.http_throughput import _recreate_postgres_database

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = _env()
    database = env["DATABASE_URL"].split(":", 1)[0]
    if database.startswith("postgres"):
        _recreate_postgres_database(env["DATABASE_URL"])
    size = (
        "tiny: 23 units, 11 days; grid of 3 days"
        if quick
        else "294 units × 365 days; grid of a month"
    )
    print(f"reports benchmark ({database}): {size}")
    subprocess.run(
        [sys.executable, "-m", "cityplatform.manage", "migrate", "--noinput"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    out = WORK / "results.json"
    args = [sys.executable, "-m", "bench.reports", "--measure", str(out)]
    subprocess.run([*args, "--quick"] if quick else args, env=env, check=True, cwd=ROOT)
    results: list[dict[str, Any]] = json.loads(out.read_text())
    print(f"{results[0]['reports']} reports")
    print(report(results))
    if not quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"reports-{database}.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=2)
        )
    return results


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--measure":
        Path(sys.argv[2]).write_text(json.dumps(measure("--quick" in sys.argv)))
    else:
        main(quick="--quick" in sys.argv)
