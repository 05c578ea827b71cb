"""Each benchmark runs at a tiny size in the suite so it cannot rot (no timing asserted)."""

import os

import pytest

from bench import http_throughput


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
def test_charity_benchmark_runs_at_tiny_size() -> None:
    from bench import charity

    result = charity.main(quick=True)
    assert result["donations"] == 400
    assert result["disbursements"] == 40
    assert result["verify"]["problems"] == 0
