"""Background tasks of daily reports (django-tasks; run by `cityplatform db_worker`)."""

from datetime import datetime

from django_tasks import task

from cityplatform.reports.services import reminders_send


@task()
def send_daily_report_reminders(at: str | None = None) -> int:
    """Remind the villages that have not reported today; returns reminders created.

    `at` (ISO date-time) stands in for now, so a run can be replayed for a given moment.
    """
    return reminders_send(now=datetime.fromisoformat(at) if at else None)
