"""The daily expiry, as cron or the task workers run it."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cityplatform.housing.models import Listing, ListingStatus
from cityplatform.housing.tests.conftest import publish

pytestmark = pytest.mark.django_db


def test_command_expires_stale_listings(make_listing) -> None:  # type: ignore[no-untyped-def]
    stale, fresh = publish(make_listing(floor=1)), publish(make_listing(floor=2))
    Listing.objects.filter(pk=stale.pk).update(refreshed_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("expire_listings", stdout=out)
    assert out.getvalue().strip() == "1 listings expired."
    assert dict(Listing.objects.values_list("pk", "status")) == {
        stale.pk: ListingStatus.EXPIRED,
        fresh.pk: ListingStatus.PUBLISHED,
    }


def test_command_can_hand_the_work_to_the_task_workers(make_listing) -> None:  # type: ignore[no-untyped-def]
    # The test settings run tasks immediately; in production db_worker picks it up.
    stale = publish(make_listing())
    Listing.objects.filter(pk=stale.pk).update(refreshed_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("expire_listings", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Queued task")
    stale.refresh_from_db()
    assert stale.status == ListingStatus.EXPIRED
