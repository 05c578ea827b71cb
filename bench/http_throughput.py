"""Requests per second of the news pages and API under gunicorn, beside a trivial view.

Builds its own database (SQLite under var/bench/, or BENCH_DATABASE_URL), loads the
demo plus `articles` extra published articles, starts gunicorn on loopback with
production settings (DEBUG off, compressed manifest static files) and measures,
in the same run and the same way: the trivial Django view (/healthz: the ceiling
for any Django page on this machine), the news list page, the news search page,
the news list API and the home page. The figure is each page's throughput as a
fraction of the trivial view's.

    uv run python -m bench http            # full size (about two minutes)
    uv run python -m bench http --quick    # tiny size, as the test suite runs it
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_http uv run python -m bench http
"""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench import bench_env
from bench.loadgen import Result, hammer

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "http"
RESULTS = ROOT / "bench" / "results"

ENDPOINTS = [
    ("trivial view", "/healthz"),
    ("news list page", "/news/"),
    ("news search page", "/news/?q=" + urllib.parse.quote("疫情防控")),
    ("news list API", "/api/news/articles"),
    ("home page", "/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env() -> dict[str, str]:
    return bench_env(WORK)


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cityplatform.manage", *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def _recreate_postgres_database(url: str) -> None:
    """Start from an empty database on every run, as the SQLite file does."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# The quick run (the test suite's) loads only the demo the news pages and the home page
# read; the full run loads all of it, as the measured pages were measured with.
QUICK_DEMO_APPS = ("places", "accounts", "news", "portal")


def build(articles: int, demo_apps: tuple[str, ...] = ()) -> dict[str, str]:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    env = _env()
    if env["DATABASE_URL"].startswith("postgres"):
        _recreate_postgres_database(env["DATABASE_URL"])
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_demo", *demo_apps)
    _manage(env, "collectstatic", "--noinput")
    subprocess.run(
        [sys.executable, "-m", "bench.seed", "articles", str(articles)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    return env


def serve(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cityplatform.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def run(
    *,
    seconds: float,
    articles: int,
    concurrency: int = 4,
    workers: int = 2,
    demo_apps: tuple[str, ...] = (),
) -> list[Result]:
    env = build(articles, demo_apps)
    server, port = serve(env, workers)
    try:
        for _, path in ENDPOINTS:  # warm up caches and connections
            hammer("warm-up", "127.0.0.1", port, path, seconds=min(1.0, seconds), concurrency=1)
        return [
            hammer(name, "127.0.0.1", port, path, seconds=seconds, concurrency=concurrency)
            for name, path in ENDPOINTS
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(results: list[Result]) -> str:
    trivial = results[0].rps or 1.0
    lines = [
        "| endpoint | path | req/s | ratio to trivial | p50 ms | p95 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | `{urllib.parse.unquote(r.path)}` | {r.rps:.0f} | {r.rps / trivial:.2f} "
            f"| {r.p50:.1f} | {r.p95:.1f} | {r.errors} |"
        )
    return "\n".join(lines)


def main(*, quick: bool = False) -> list[Result]:
    seconds, articles = (0.5, 10) if quick else (15.0, 500)
    database = _env()["DATABASE_URL"].split(":", 1)[0]
    print(
        f"http benchmark ({database}): {articles} extra articles, "
        f"{seconds}s per endpoint, gunicorn 2 workers"
    )
    results = run(seconds=seconds, articles=articles, demo_apps=QUICK_DEMO_APPS if quick else ())
    table = report(results)
    print(table)
    if not quick:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"http-{database}.json").write_text(
            json.dumps(
                [
                    {
                        "name": r.name,
                        "path": r.path,
                        "rps": r.rps,
                        "p50_ms": r.p50,
                        "p95_ms": r.p95,
                        "errors": r.errors,
                    }
                    for r in results
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    return results
