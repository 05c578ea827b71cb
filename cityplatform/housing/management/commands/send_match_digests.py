"""Daily: send buyers who chose the digest their best new matches, one message each.

Run it from cron (`cityplatform send_match_digests`) or with `--enqueue` hand it to
the task workers (`cityplatform db_worker`).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cityplatform.housing.tasks import send_match_digests


class Command(BaseCommand):
    help = "Send the daily digest of new matching listings to buyers who chose it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the task for the workers instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = send_match_digests.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        count = send_match_digests.call()
        self.stdout.write(f"{count} digests written.")
