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
def test_lending_benchmark_runs_at_tiny_size() -> None:
    from bench import lending

    results = lending.main(quick=True)
    assert results["lines"] == lending.QUICK["lines"]
    assert results["close_of_business"]["counts"]["accrual"] == lending.QUICK["lines"]
    assert results["verify"]["problems"] == []
    assert results["draws"]["statuses"] == {"disbursed": lending.QUICK["draws"]}
    assert results["naive"]["sample"] > 0
