"""Charity at scale: the disclosure summary and verify_ledger over a million donations.

Builds its own database (SQLite under var/bench/charity/, or BENCH_DATABASE_URL, which
is dropped and created afresh), migrates it, and in a worker process fills it through
the charity services' bulk paths (every donation and disbursement is a real ledger
transaction, checked like any other): 1,000,000 donations over 100 campaigns of
harmonic sizes (the largest about a fifth of all), 2 organisations, money and goods,
directed and not; 100,000 approved disbursements. It then measures, in the same run:

- the public summary API (`GET /api/charity/campaigns/{id}/summary`, in-process
  client): p50/p95 over random campaigns and over the largest one;
- a naive Python aggregation of the same figures (every donation and disbursement
  line read and summed in Python), checked equal to the summary;
- `cityplatform verify_ledger` over the whole book (it must find nothing).

    uv run python -m bench charity            # full size (tens of minutes on 2 cores)
    uv run python -m bench charity --quick    # tiny size, as the test suite runs it
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_charity_bench uv run python -m bench charity
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
RESULTS = ROOT / "bench" / "results"
SUMMARY_FLOOR_MS = 200.0
VERIFY_FLOOR_S = 60.0

FULL = {"donations": 1_000_000, "disbursements": 100_000, "campaigns": 100, "requests": 300}
QUICK = {"donations": 400, "disbursements": 40, "campaigns": 3, "requests": 10}


def _database_kind() -> str:
    return (
        "postgres" if os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres") else "sqlite"
    )


def _work(quick: bool) -> Path:
    # One directory per database kind and size, so a SQLite and a PostgreSQL run can go on
    # side by side without one wiping the other's files.
    return ROOT / "var" / "bench" / f"charity-{_database_kind()}{'-quick' if quick else ''}"


def _env(quick: bool) -> dict[str, str]:
    return bench_env(_work(quick))


def _recreate_postgres_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main(*, quick: bool = False) -> dict[str, Any]:
    sizes = QUICK if quick else FULL
    work = _work(quick)
    shutil.rmtree(work, ignore_errors=True)
    (work / "static").mkdir(parents=True)
    env = _env(quick)
    database = env["DATABASE_URL"].split(":", 1)[0]
    if database.startswith("postgres"):
        _recreate_postgres_database(env["DATABASE_URL"])
    print(
        f"charity benchmark ({database}): {sizes['donations']:,} donations, "
        f"{sizes['disbursements']:,} disbursements, {sizes['campaigns']} campaigns"
    )
    subprocess.run(
        [sys.executable, "-m", "cityplatform.manage", "migrate", "--noinput"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    out = work / "result.json"
    subprocess.run(
        [sys.executable, "-m", "bench.charity_worker", json.dumps(sizes), str(out)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(out.read_text())
    result["database"] = database
    print(report(result))
    if not quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"charity-{database}.json").write_text(json.dumps(result, indent=2))
    return result


def report(r: dict[str, Any]) -> str:
    s, n, v = r["summary"], r["naive"], r["verify"]
    lines = [
        f"built in {r['build_s']:.0f}s: {r['donations']:,} donations, {r['disbursements']:,} "
        f"disbursements, largest campaign {r['largest_donations']:,} donations",
        "| measure | p50 ms | p95 ms | floor | verdict |",
        "|---|---:|---:|---:|---|",
        f"| summary API, random campaigns | {s['random']['p50']:.1f} | {s['random']['p95']:.1f} "
        f"| {SUMMARY_FLOOR_MS:.0f} ms | {'ok' if s['random']['p95'] < SUMMARY_FLOOR_MS else 'SLOW'} |",
        f"| summary API, largest campaign | {s['largest']['p50']:.1f} | {s['largest']['p95']:.1f} "
        f"| {SUMMARY_FLOOR_MS:.0f} ms | {'ok' if s['largest']['p95'] < SUMMARY_FLOOR_MS else 'SLOW'} |",
        f"| naive Python aggregation, largest | {n['largest']['p50']:.1f} | {n['largest']['p95']:.1f} | | "
        f"ratio naive/ours {n['largest']['p50'] / max(s['largest']['p50'], 0.001):.1f}x |",
        f"| naive Python aggregation, random | {n['random']['p50']:.1f} | {n['random']['p95']:.1f} | | "
        f"ratio naive/ours {n['random']['p50'] / max(s['random']['p50'], 0.001):.1f}x |",
        f"| verify_ledger (whole book) | {v['seconds'] * 1000:.0f} | | {VERIFY_FLOOR_S:.0f} s | "
        f"{'ok' if v['seconds'] < VERIFY_FLOOR_S and v['problems'] == 0 else 'FAIL'} ({v['problems']} problems) |",
    ]
    return "\n".join(lines)
