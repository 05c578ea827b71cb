"""Each benchmark runs at a tiny size in the suite so it cannot rot (no timing asserted)."""

import os

import pytest

from bench import http_throughput, volunteers


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark builds its own SQLite database; the SQLite run covers it",
)
def test_http_benchmark_runs_at_tiny_size() -> None:
    results = http_throughput.main(quick=True)
    assert results[0].name == "trivial view"
    assert all(r.requests > 0 and r.errors == 0 for r in results)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark builds its own SQLite database; the SQLite run covers it",
)
def test_volunteers_benchmark_runs_at_tiny_size() -> None:
    results = volunteers.main(quick=True)
    assert results[0].name == "whole county"
    assert results[0].person_times == volunteers.QUICK.records
    assert all(r.p50_ms > 0 and r.naive_ms > 0 for r in results)
