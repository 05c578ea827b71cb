"""Background tasks of the housing app (django-tasks; run by `cityplatform db_worker`)."""

from django_tasks import task

from cityplatform.housing.services import listing_expire_stale
from cityplatform.housing.services.matching import listing_match_demands, match_digests_send


@task()
def expire_stale_listings() -> int:
    """Take listings not refreshed for 30 days out of search; returns how many."""
    return listing_expire_stale()


@task()
def match_listing_to_demands(listing_id: int, trigger: str) -> int:
    """The reverse match of a listing just published or re-priced: notices for the open
    demands it fits; returns how many were created."""
    return listing_match_demands(listing_id=listing_id, trigger=trigger)


@task()
def send_match_digests() -> int:
    """The daily digest to buyers who chose it; returns how many messages were written."""
    return match_digests_send()
