"""Drive draws left disbursing (a crashed worker, a restart) to disbursed or failed.

Safe to run at any time and more than once: each retry sends the draw's own transfer
reference, which the payment rail pays at most once. The close of business runs it
first as well.
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cityplatform.lending.services.disbursement import disbursements_resume


class Command(BaseCommand):
    help = "Finish paying out draws left disbursing (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="only draws disbursing for at least this many seconds (default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        draws = disbursements_resume(older_than=timedelta(seconds=options["older_than"]))
        for draw in draws:
            self.stdout.write(f"draw #{draw.pk}: {draw.status}")
        self.stdout.write(f"{len(draws)} draw(s) resumed.")
