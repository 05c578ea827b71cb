"""Daily: expire published listings nobody refreshed for 30 days.

Run it from cron (`cityplatform expire_listings`) or with `--enqueue` hand it to the
task workers (`cityplatform db_worker`).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cityplatform.housing.tasks import expire_stale_listings


class Command(BaseCommand):
    help = "Expire published listings not refreshed for 30 days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the task for the workers instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = expire_stale_listings.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        count = expire_stale_listings.call()
        self.stdout.write(f"{count} listings expired.")
