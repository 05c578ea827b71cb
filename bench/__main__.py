"""Run every benchmark at full size: `uv run python -m bench [name ...] [--quick]`."""

import argparse

from bench import http_throughput, lending

BENCHMARKS = {"http": http_throughput.main, "lending": lending.main}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], default=list(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="tiny size, as the test suite runs it")
    args = parser.parse_args()
    for name in args.names or BENCHMARKS:
        BENCHMARKS[name](quick=args.quick)


if __name__ == "__main__":
    main()
