"""Drive draws left disbursing (a crashed worker, a restart) to disbursed or failed,
and credit-balance refunds left paying to paid or failed.

Safe to run at any time and more than once: each retry sends the draw's (or refund's)
own transfer reference, which the payment rail pays at most once. The close of business runs it
first as well.
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cityplatform.lending.services.disbursement import disbursements_resume
from cityplatform.lending.services.refunds import refunds_resume


class Command(BaseCommand):
    help = "Finish paying out draws left disbursing and refunds left paying (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="only those in flight for at least this many seconds (default 60)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        older_than = timedelta(seconds=options["older_than"])
        draws = disbursements_resume(older_than=older_than)
        for draw in draws:
            self.stdout.write(f"draw #{draw.pk}: {draw.status}")
        self.stdout.write(f"{len(draws)} draw(s) resumed.")
        refunds = refunds_resume(older_than=older_than)
        for refund in refunds:
            self.stdout.write(f"refund #{refund.pk}: {refund.status}")
        if refunds:
            self.stdout.write(f"{len(refunds)} refund(s) resumed.")
