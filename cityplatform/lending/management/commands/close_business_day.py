"""Close the business day: accrual, due and overdue processing, statements; then the
business date moves on. `--until YYYY-MM-DD` closes every day up to that date.

A closed day is never closed again; a run that was interrupted (killed, crashed)
resumes where it stopped when started again. Run it from cron after the day's cut-off.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityplatform.core.errors import DomainError
from cityplatform.lending.services.clock import business_date_today
from cityplatform.lending.services.close_of_business import (
    DEFAULT_CHUNK,
    close_business_day,
)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--until takes a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Close the current business day (or every day --until a date) and advance it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until", type=str, help="close every day up to this date")
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK)
        parser.add_argument("--progress", action="store_true", help="show a progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        until = _date(options["until"]) if options["until"] else None
        today = business_date_today()
        if until is not None and until < today:
            self.stdout.write(
                f"Nothing to do: the business date is already {today.isoformat()} "
                f"(every day up to {until.isoformat()} is closed)."
            )
            return
        try:
            if options["progress"]:
                runs = self._with_progress(until, options["chunk_size"])
            else:
                runs = close_business_day(until=until, chunk=options["chunk_size"])
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for run in runs:
            counts = ", ".join(f"{k} {v}" for k, v in run.counts.items() if "seconds" not in k)
            self.stdout.write(
                f"{run.business_date.isoformat()} closed in {run.seconds or 0:.1f}s ({counts})"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Business date is now {business_date_today().isoformat()}.")
        )

    def _with_progress(self, until: date | None, chunk: int) -> list[Any]:
        try:
            from rich.progress import Progress
        except ImportError:  # rich is a development dependency
            return close_business_day(until=until, chunk=chunk)

        with Progress() as bar:
            tasks: dict[str, Any] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done)

            return close_business_day(until=until, chunk=chunk, progress=progress)
