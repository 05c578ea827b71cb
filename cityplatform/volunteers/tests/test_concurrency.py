"""Two people recording the same service at the same moment: exactly one record."""

import threading
from datetime import date

import pytest
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.volunteers.models import ServiceRecord, Volunteer
from cityplatform.volunteers.services import service_record_add
from cityplatform.volunteers.tests.conftest import ZHANG, activity, enrol


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_records_make_one(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    volunteer = enrol(world.yigong_org, "张三", ZHANG)
    held = activity(world.yigong_org, on=date(2020, 2, 1))
    barrier = threading.Barrier(2)
    results: list[object] = []

    def record(hours: str) -> None:
        try:
            barrier.wait()
            service_record_add(
                volunteer=Volunteer.objects.get(pk=volunteer.pk), activity=held, hours=hours
            )
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(h,)) for h in ("2", "3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == ["duplicate_record", "ok"]
    assert ServiceRecord.objects.filter(volunteer=volunteer, activity=held).count() == 1
