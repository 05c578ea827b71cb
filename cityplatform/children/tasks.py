"""Background tasks of the registry (django-tasks; run by `cityplatform db_worker`)."""

from django_tasks import task

from cityplatform.children.services import hotline_calls_escalate_overdue


@task()
def escalate_overdue_hotline_calls() -> int:
    """Move hotline calls nobody answered in time up to the town, then the county."""
    return hotline_calls_escalate_overdue()
