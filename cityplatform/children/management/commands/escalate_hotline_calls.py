"""Every few minutes: escalate hotline calls nobody responded to in time.

Run it from cron (`cityplatform escalate_hotline_calls`) or with `--enqueue` hand it to
the task workers (`cityplatform db_worker`).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cityplatform.children.tasks import escalate_overdue_hotline_calls


class Command(BaseCommand):
    help = "Escalate hotline calls not responded to in time (to the town, then the county)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the task for the workers instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = escalate_overdue_hotline_calls.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        count = escalate_overdue_hotline_calls.call()
        self.stdout.write(f"{count} hotline calls escalated.")
