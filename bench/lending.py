"""Lending at scale: 1,000,000 active lines, one close of business, decisions, draws.

Builds its own database (SQLite under var/bench/lending/, or BENCH_DATABASE_URL),
loads N lines each with a draw outstanding (COPY / executemany, with a progress bar),
and measures in one process (bench/lending_worker.py):

- one close of business over the whole book (accrual of every draw, due and overdue
  processing), beside a per-row ORM loop doing the same day's work, measured over a
  sample of draws and projected to the book (a per-row loop is linear in rows);
  the ratio of the two;
- verify_ledger's checks over the whole book;
- decision latency of POST /api/lending/applications (p50/p95; floor 200 ms);
- request-to-disbursed time of POST /api/lending/lines/{id}/draws with the simulated
  rail taking 50 ms a call (p50/p95; floor 1 s).

    uv run python -m bench lending                 # 1,000,000 lines on SQLite
    uv run python -m bench lending --quick         # tiny, as the test suite runs it
    BENCH_LENDING_NAIVE_SAMPLE=5000 uv run python -m bench lending   # a smaller loop sample
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_lending_bench \\
        uv run python -m bench lending             # 1,000,000 lines on PostgreSQL
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from bench import bench_env

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "lending"
RESULTS = ROOT / "bench" / "results"

FULL = {"lines": 1_000_000, "naive_sample": 20_000, "decisions": 300, "draws": 200}
QUICK = {"lines": 300, "naive_sample": 300, "decisions": 6, "draws": 4}


def _env() -> dict[str, str]:
    return bench_env(WORK, CONN_MAX_AGE="0")


def _recreate_postgres_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(size: dict[str, int]) -> dict[str, Any]:
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "static").mkdir(parents=True)
    env = _env()
    if env["DATABASE_URL"].startswith("postgres"):
        _recreate_postgres_database(env["DATABASE_URL"])
    args = [str(size[k]) for k in ("lines", "naive_sample", "decisions", "draws")]
    completed = subprocess.run(
        [sys.executable, "-m", "bench.lending_worker", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def report(r: dict[str, Any]) -> str:
    cob, naive, dec, drw = r["close_of_business"], r["naive"], r["decisions"], r["draws"]
    return "\n".join(
        [
            f"| figure ({r['database']}, {r['lines']:,} lines) | value |",
            "|---|---:|",
            f"| load (COPY / executemany) | {r['setup']['load_seconds']:.1f} s |",
            f"| one close of business, set-based | {cob['seconds']:.1f} s |",
            f"| per-row ORM loop, measured on {naive['sample']:,} draws | {naive['seconds']:.1f} s ({naive['per_draw_ms']:.2f} ms a draw) |",
            f"| per-row ORM loop, projected to the book | {naive['projected_seconds']:.0f} s |",
            f"| ratio | {r['ratio']:.0f}× |",
            f"| month-end statements step ({r['statements']['statements']:,} statements) | {r['statements']['seconds']:.1f} s |",
            f"| verify_ledger (all checks, whole book) | {r['verify']['seconds']:.1f} s, {len(r['verify']['problems'])} problems |",
            f"| decision latency p50 / p95 / max ({dec['ms']['n']} applications) | {dec['ms']['p50']:.0f} / {dec['ms']['p95']:.0f} / {dec['ms']['max']:.0f} ms |",
            f"| draw request → disbursed p50 / p95 / max ({drw['request_to_disbursed_s']['n']} draws, rail 50 ms) | {drw['request_to_disbursed_s']['p50']:.3f} / {drw['request_to_disbursed_s']['p95']:.3f} / {drw['request_to_disbursed_s']['max']:.3f} s |",
        ]
    )


def main(*, quick: bool = False) -> dict[str, Any]:
    size = dict(QUICK if quick else FULL)
    # The per-row loop is linear in rows: a smaller sample projects as well, sooner.
    size["naive_sample"] = int(os.environ.get("BENCH_LENDING_NAIVE_SAMPLE", size["naive_sample"]))
    database = _env()["DATABASE_URL"].split(":", 1)[0]
    print(f"lending benchmark ({database}): {size['lines']:,} lines")
    results = run(size)
    print(report(results))
    print("close of business steps:", results["close_of_business"]["counts"])
    if not quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"lending-{database}.json").write_text(json.dumps(results, indent=2))
    return results
