"""Benchmarks. Run them all with `uv run python -m bench` (or `make bench`)."""

import os
from pathlib import Path

# Fixed, bench-only secrets: production settings (DEBUG off) refuse to start without them.
BENCH_SECRETS = {
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "FIELD_ENCRYPTION_KEYS": "YmVuY2gtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OWE=",
    "FIELD_INDEX_KEY": "bench-only-index-key",
}


def bench_env(work: Path, **overrides: str) -> dict[str, str]:
    """The environment of a benchmark's child process: production settings (DEBUG off)
    with bench-only secrets, files under `work`, and the database BENCH_DATABASE_URL
    names or else a SQLite file in `work`."""
    env = dict(os.environ)
    env.update(
        BENCH_SECRETS,
        DEBUG="0",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECURE_SSL="0",
        VAR_DIR=str(work),
        DJANGO_SETTINGS_MODULE="cityplatform.settings",
        LOG_LEVEL="WARNING",
    )
    env["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{work / 'bench.sqlite3'}"
    )
    env.update(overrides)
    return env
