"""Run every benchmark at full size: `uv run python -m bench [name ...] [--quick]`."""

import argparse

from bench import charity, children, housing, http_throughput, lending, reports, volunteers

BENCHMARKS = {
    "http": http_throughput.main,
    "children": children.main,
    "reports": reports.main,
    "charity": charity.main,
    "volunteers": volunteers.main,
    "housing": housing.main,
    "lending": lending.main,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], default=list(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="tiny size, as the test suite runs it")
    args = parser.parse_args()
    for name in args.names or BENCHMARKS:
        BENCHMARKS[name](quick=args.quick)


if __name__ == "__main__":
    main()
