"""Check every invariant of the ledger and of the apps that post to it.

Lists each problem found and exits non-zero if there is any; prints the checks run
and the time taken otherwise.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cityplatform.ledger.checks import registered_checks


class Command(BaseCommand):
    help = "Verify the ledger's invariants (and those apps register); non-zero exit if broken."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        found = 0
        checks = registered_checks()
        for name, check in checks:
            for problem in check():
                found += 1
                self.stdout.write(f"{name}: {problem}")
        elapsed = time.perf_counter() - started
        if found:
            raise CommandError(
                f"{found} problem(s) found by {len(checks)} checks in {elapsed:.1f}s"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Ledger verified: {len(checks)} checks passed in {elapsed:.1f}s.")
        )
