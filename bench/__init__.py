"""Benchmarks. Run them all with `uv run python -m bench` (or `make bench`)."""
