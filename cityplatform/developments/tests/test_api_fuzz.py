"""Every developments API operation, fed inputs generated from the OpenAPI schema by a
user who is both editor and enquiry handler, answers without a 500 and in the
platform's error shape (core's fuzz test calls them with a user who has neither role)."""

import io
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from cityplatform.accounts.services import api_token_create
from conftest import ZHUZHOU

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(make_user: Any) -> Iterator[Any]:
    from cityplatform.wsgi import application

    for module in ("places", "portal", "developments"):
        __import__(f"cityplatform.{module}.demo", fromlist=["load"]).load(io.StringIO())
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_developments_operations_never_fail_with_a_server_error(
    api_schema: Any, make_user: Any
) -> None:
    user = make_user(
        "fuzz-developments", roles=["developments_editor", "enquiry_handler"], place=ZHUZHOU
    )
    headers = {"Authorization": f"Bearer {api_token_create(user=user, name='fuzz')[1]}"}
    operations = [
        result.ok()
        for result in api_schema.get_all_operations()
        if result.ok().path.startswith("/api/developments/")
    ]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            cache.clear()  # the enquiry throttle would answer 429 to everything
            response = case.call(headers=headers)
            assert response.status_code < 500, response.text[:500]
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"}, body
                assert {"code", "message"} <= set(body["error"]), body

        check()
