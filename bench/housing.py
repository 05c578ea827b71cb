"""Housing at a million listings: search, reverse matching and demand matching.

Builds its own database (SQLite under var/bench/housing/, or BENCH_DATABASE_URL, which
is dropped and created again), migrates it, generates 1,000,000 listings over 5,000
communities with their keyword index and 100,000 open buyer demands with their match
keys (bench/housing_data.py, with a progress bar), then measures in the same run
(bench/housing_measure.py), each beside the naive way:

- the search API (GET /api/housing/listings through Django's test client) over 100
  realistic mixed queries: p50/p95; naive: Django icontains over the same listings;
- reverse matching of a new listing against every open demand; naive: evaluating
  every demand in Python;
- a demand's top 20 listings; naive: scoring every published listing in Python.

    uv run python -m bench housing            # full size (SQLite; about 15 minutes)
    uv run python -m bench housing --quick    # tiny size, as the test suite runs it
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_housing \\
        uv run python -m bench housing
    BENCH_HOUSING_SCALE=0.1 uv run python -m bench housing   # a tenth of full size
    BENCH_HOUSING_REUSE=1 uv run python -m bench housing     # measure again, same database
    BENCH_HOUSING_BUILD_ONLY=1 uv run python -m bench housing  # build, measure later

The generation and the measurements run in a child process with the benchmark's own
settings, so the test suite's database and settings are never touched.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import bench_env

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "housing"
RESULTS = ROOT / "bench" / "results"

FULL = {"listings": 1_000_000, "communities": 5_000, "demands": 100_000}
QUICK = {"listings": 3_000, "communities": 60, "demands": 600}
# The floors, in milliseconds, and the least speed-up over the naive way.
FLOORS_MS = {"search": 50.0, "reverse": 50.0, "demand": 100.0}
MIN_RATIO = 20.0


def _work(quick: bool) -> Path:
    # The suite's tiny run and a PostgreSQL run have their own directories, so neither
    # wipes the SQLite database of a full-size run.
    if quick:
        return WORK.with_name("housing-quick")
    return WORK.with_name("housing-postgres") if os.environ.get("BENCH_DATABASE_URL") else WORK


def _env(work: Path) -> dict[str, str]:
    # Publishing the benchmark's new listings queues nothing: matching is timed here.
    return bench_env(work, TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend")


def _recreate_postgres_database(url: str) -> None:
    import urllib.parse

    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def sizes(quick: bool) -> dict[str, int]:
    if quick:
        return dict(QUICK)
    scale = float(os.environ.get("BENCH_HOUSING_SCALE", "1"))
    return {k: max(1, int(v * scale)) for k, v in FULL.items()}


def main(*, quick: bool = False) -> dict[str, Any]:
    work = _work(quick)
    # BENCH_HOUSING_REUSE=1 measures again on the database an earlier run built.
    reuse = bool(os.environ.get("BENCH_HOUSING_REUSE")) and not quick
    if not reuse:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    env = _env(work)
    database = env["DATABASE_URL"].split(":", 1)[0]
    if database.startswith("postgres") and not reuse:
        _recreate_postgres_database(env["DATABASE_URL"])
    size = sizes(quick)
    print(
        f"housing benchmark ({database}): {size['listings']:,} listings, "
        f"{size['communities']:,} communities, {size['demands']:,} open demands"
    )
    out = work / "results.json"
    subprocess.run(
        [sys.executable, "-m", "bench.housing_run", json.dumps(size), str(out)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    results: dict[str, Any] = json.loads(out.read_text())
    results["database"] = database
    if "search" not in results:
        return results  # BENCH_HOUSING_BUILD_ONLY: the database is built, nothing measured
    print(report(results))
    if not quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"housing-{database}.json").write_text(
            json.dumps(results, ensure_ascii=False, indent=2)
        )
    return results


def report(results: dict[str, Any]) -> str:
    lines = [
        f"generated in {results['load_seconds']:.0f} s "
        f"({results['sizes']['listings']:,} listings, {results['terms']:,} index terms, "
        f"{results['sizes']['demands']:,} demands, {results['keys']:,} match keys)",
        "",
        "| measure | ours p50 ms | ours p95 ms | naive p50 ms | naive ÷ ours (p50) | floor |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, label in (
        ("search", "search API, 100 mixed queries"),
        ("search_keywords", "  of which keyword queries"),
        ("reverse", "reverse match, one new listing"),
        ("demand", "demand → top 20 listings"),
    ):
        r = results[name]
        floor = FLOORS_MS.get(name)
        verdict = ""
        if floor is not None:
            ok = r["p95"] < floor and r["ratio"] >= MIN_RATIO
            verdict = f"p95 < {floor:.0f} ms, ≥{MIN_RATIO:.0f}×: {'met' if ok else 'MISSED'}"
        naive = f"{r['naive_p50']:.1f}" if r.get("naive_p50") is not None else "—"
        ratio = f"{r['ratio']:.0f}×" if r.get("ratio") is not None else "—"
        lines.append(
            f"| {label} | {r['p50']:.1f} | {r['p95']:.1f} | {naive} | {ratio} | {verdict} |"
        )
    extra = list(results.get("notes", []))
    search = results["search"]
    if search.get("passes", 1) > 1:
        each = ", ".join(f"{p:.1f}" for p in search["p95_per_pass"])
        extra.append(
            f"{search['passes']} timed passes, p50 and p95 over all of them; "
            f"the search's p95 in each pass: {each} ms"
        )
    return "\n".join(lines + [""] + [f"- {n}" for n in extra])
