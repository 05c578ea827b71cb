"""Every API operation, fed inputs generated from the OpenAPI schema, answers without a 500.

Runs each operation twice over: anonymously and with a staff token, so both the
auth refusals and the handlers behind them see generated input. Any 5xx fails,
and so does an error body that is not `{"error": {"code", "message"}}`.
"""

import io
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from cityplatform.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(make_user: Any) -> Iterator[Any]:
    from cityplatform.wsgi import application

    call_command("load_demo", stdout=io.StringIO())
    # Requests go through the real WSGI handler; like Django's test client, keep it
    # from closing the test's database connection at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def staff_key(make_user: Any) -> str:
    user = make_user(
        "fuzz-staff",
        roles=["news_editor", "provider_staff", "housing_staff", "volunteer_admin"],
        place="430200000000",
    )
    return api_token_create(user=user, name="fuzz")[1]


def _assert_well_formed(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert {"code", "message"} <= set(body["error"]), body


def test_no_generated_input_causes_a_server_error(api_schema: Any, staff_key: str) -> None:
    # One hypothesis run per operation (schemathesis' pytest plugin fails under this
    # pytest with "'Function' object has no attribute '_nodeid'", so the loop is spelled out).
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            _assert_well_formed(case.call())
            _assert_well_formed(case.call(headers={"Authorization": f"Bearer {staff_key}"}))

        check()
