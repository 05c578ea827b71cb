"""core.queries: raw rows, and PostgreSQL queries kept serial for a block."""

import pytest
from django.db import connection

from cityplatform.core.queries import raw_rows, serial_queries
from cityplatform.places.models import Place

pytestmark = pytest.mark.django_db


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return str(cursor.fetchone()[0])


def test_raw_rows_are_the_queries_rows(places: None) -> None:
    qs = Place.objects.order_by("code").values_list("code", "name")
    assert raw_rows(qs) == list(qs)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_serial_queries_turn_parallel_workers_off_for_the_block_only() -> None:
    before = _workers()
    with serial_queries():
        assert _workers() == "0"
        with serial_queries():  # nested: the inner block's end keeps the outer serial
            pass
        assert _workers() == "0"
    assert _workers() == before


def test_serial_queries_change_nothing_else(places: None) -> None:
    with serial_queries():
        assert Place.objects.exists()
