"""Each benchmark runs at a tiny size in the suite so it cannot rot (no timing asserted)."""

import os

import pytest

from bench import children, http_throughput, reports, volunteers


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark builds its own SQLite database; the SQLite run covers it",
)
def test_http_benchmark_runs_at_tiny_size() -> None:
    results = http_throughput.main(quick=True)
    assert results[0].name == "trivial view"
    assert all(r.requests > 0 and r.errors == 0 for r in results)


@pytest.mark.django_db
def test_children_benchmark_runs_at_tiny_size() -> None:
    rows = children.main(quick=True)
    assert [name for name, _ours, _naive in rows] == [
        "name search within a town",
        "exact ID-number search",
    ]
    assert all(ours.samples_ms and naive.samples_ms for _name, ours, naive in rows)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark builds its own SQLite database; the SQLite run covers it",
)
def test_reports_benchmark_runs_at_tiny_size() -> None:
    results = reports.main(quick=True)
    assert results[0]["name"] == "ours: grouped queries"
    assert all(r["runs"] > 0 and r["p50_ms"] > 0 for r in results)
    assert results[0]["queries"] < results[1]["queries"]


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


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark builds its own SQLite database; the SQLite run covers it",
)
def test_volunteers_benchmark_runs_at_tiny_size() -> None:
    results = volunteers.main(quick=True)
    assert results[0].name == "whole county"
    assert results[0].person_times == volunteers.QUICK.records
    assert all(r.p50_ms > 0 and r.naive_ms > 0 for r in results)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark builds its own SQLite database; the SQLite run covers it",
)
def test_lending_benchmark_runs_at_tiny_size() -> None:
    from bench import lending

    results = lending.main(quick=True)
    assert results["lines"] == lending.QUICK["lines"]
    assert results["close_of_business"]["counts"]["accrual"] == lending.QUICK["lines"]
    # A fifth of the book is 等额本息, and some of it falls due on the measured day.
    assert results["setup"]["rows"]["equal_instalment_draws"] == lending.QUICK["lines"] // 5
    assert results["close_of_business"]["equal_instalments_due"] > 0
    assert results["verify"]["problems"] == []


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark builds its own SQLite database; the SQLite run covers it",
)
def test_housing_benchmark_runs_at_tiny_size() -> None:
    from bench import housing

    results = housing.main(quick=True)
    assert results["sizes"]["listings"] == housing.QUICK["listings"]
    assert {"search", "reverse", "demand"} <= set(results)
    assert all(results[name]["p50"] > 0 for name in ("search", "reverse", "demand"))
