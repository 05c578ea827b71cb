"""A DecimalField whose sums are exact on SQLite too.

SQLite has no decimal type: Django's DecimalField lands in a column of numeric
affinity, stored as binary floating point, and SUM(0.01 + 0.01 + 0.01 - 0.03) comes
back as 3.5e-18 instead of zero. For money that must reconcile to the fen, that will
not do. `ExactDecimalField` behaves exactly like a DecimalField on PostgreSQL
(numeric(p, s)); on SQLite it stores the value scaled to an integer (yuan × 100 for
two places), which SQLite sums exactly, and scales it back on the way out (for
columns and for aggregates such as Sum over them alike).
"""

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


def _is_sqlite(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "sqlite"


class ExactDecimalField(models.DecimalField):
    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if _is_sqlite(connection):
            return "integer"
        return super().db_type(connection)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if not _is_sqlite(connection):
            return super().get_db_prep_value(value, connection, prepared)
        if value is None or hasattr(value, "as_sql"):
            return value
        number = self.to_python(value)
        assert number is not None
        scaled = number.scaleb(self.decimal_places)
        if scaled != scaled.to_integral_value():
            # Same rounding as the column would apply elsewhere: to the field's places.
            scaled = scaled.quantize(Decimal(1))
        return int(scaled)

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None or not _is_sqlite(connection):
            return value
        places = Decimal(1).scaleb(-self.decimal_places)
        return (Decimal(value).scaleb(-self.decimal_places)).quantize(places)


class MoneyField(ExactDecimalField):
    """Yuan with two places (max 999,999,999,999.99), exact on every database."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)
