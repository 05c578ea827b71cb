"""Remind villages that have not filed today's daily report.

Run it from cron before and after the deadline, e.g. at 09:00 and 10:30
(`cityplatform send_report_reminders`), or with `--enqueue` hand it to the task
workers (`cityplatform db_worker`). Each village gets each stage's reminder once a day.
"""

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cityplatform.reports.tasks import send_daily_report_reminders


class Command(BaseCommand):
    help = (
        "Remind villages that have not filed today's daily report (before and after the deadline)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the task for the workers instead"
        )
        parser.add_argument(
            "--at",
            metavar="YYYY-MM-DDTHH:MM",
            help="act as if it were this local time (default: now)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        at = None
        if options["at"]:
            try:
                moment = datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(
                    f"--at must be a date and time like 2020-02-03T09:00: {exc}"
                ) from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            at = moment.isoformat()
        if options["enqueue"]:
            result = send_daily_report_reminders.enqueue(at)
            self.stdout.write(f"Queued task {result.id}.")
            return
        count = send_daily_report_reminders.call(at)
        self.stdout.write(f"{count} reminders created.")
