"""Two staff marking the same request at the same moment: exactly one transition wins."""

import threading

import pytest
from django.db import connection

from cityplatform.core.errors import DomainError
from cityplatform.directory.models import ServiceRequest, ServiceRequestNote
from cityplatform.directory.services import service_request_transition
from cityplatform.directory.tests.conftest import submit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_transitions_make_one_change(world) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    obj = submit(world.baiyi)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def click() -> None:
        try:
            stale = ServiceRequest.objects.get(pk=obj.pk)  # both read status "new"
            barrier.wait()
            service_request_transition(request_obj=stale, actor=world.baiyi_staff, to_status="done")
            results.append("ok")
        except DomainError as exc:
            results.append(exc.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == [409, "ok"]
    assert ServiceRequestNote.objects.filter(request=obj, to_status="done").count() == 1
