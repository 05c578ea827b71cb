"""core.queries: raw rows, and PostgreSQL planned for a request path for a block."""

import pytest
from django.db import connection

from cityplatform.core.queries import raw_rows, request_plans
from cityplatform.places.models import Place

pytestmark = pytest.mark.django_db


def _settings() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = str(cursor.fetchone()[0])
        cursor.execute("SHOW random_page_cost")
        return workers, str(cursor.fetchone()[0])


def test_raw_rows_are_the_queries_rows(places: None) -> None:
    qs = Place.objects.order_by("code").values_list("code", "name")
    assert raw_rows(qs) == list(qs)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_request_plans_hold_for_the_block_only() -> None:
    before = _settings()
    with request_plans():
        assert _settings() == ("0", "1.1")
        with request_plans():  # nested: the inner block's end keeps the outer settings
            pass
        assert _settings() == ("0", "1.1")
    assert _settings() == before


def test_request_plans_change_nothing_else(places: None) -> None:
    with request_plans():
        assert Place.objects.exists()
