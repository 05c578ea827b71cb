"""Background tasks of the housing app (django-tasks; run by `cityplatform db_worker`)."""

from django_tasks import task

from cityplatform.housing.services import listing_expire_stale


@task()
def expire_stale_listings() -> int:
    """Take listings not refreshed for 30 days out of search; returns how many."""
    return listing_expire_stale()
