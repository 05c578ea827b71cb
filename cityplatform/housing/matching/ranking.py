"""Running a demand match's ranking queries cheaply: the score expressions and each
query shape compiled once per match (housing.matching.forward)."""

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import F, IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from cityplatform.housing.models import Listing

# A set of candidate listings, no dearer than the price given (None: any price).
Candidates = Callable[[int | None], QuerySet[Listing]]


def lowest(*bounds: int | None) -> int | None:
    return min((b for b in bounds if b is not None), default=None)


def compiled_score(expression: Any, using: str = "default") -> RawSQL:
    """A score expression compiled to SQL once, for every ranking query of a demand
    match to reuse: resolving and compiling it afresh (its Exists subqueries above all)
    was most of the ORM's work per query. The SQL names the listing table as the
    rankings' own queries do."""
    query = Listing.objects.annotate(match_score=expression).query
    sql, params = query.get_compiler(using=using).compile(query.annotations["match_score"])
    return RawSQL(sql, tuple(params), output_field=IntegerField())  # noqa: S611 (compiled by Django, values as params)


# A price no listing has: it marks where a ranking's price bound goes in its SQL.
_PRICE_MARK = -987_654_321


class Ranker:
    """The ranking queries of one demand match, each built and compiled by the ORM
    once: a match runs a dozen, which differ by kind of candidate and by score, and
    then only by their price bound (a band, a ceiling). Building them was two thirds
    of a match's time (5 ms a query), the database's work the rest."""

    def __init__(self, limit: int, budget_max: int | None) -> None:
        self.limit = limit
        self.budget_max = budget_max
        self._compiled: dict[tuple[Any, ...], tuple[str, str, tuple[Any, ...]]] = {}

    def top(
        self, candidates: Candidates, price_max: int | None, expression: Any
    ) -> list[tuple[int, int]]:
        """(id, score) of the best `limit` candidates no dearer than `price_max`, by
        the expression (ties: newest, then id)."""
        key = (candidates, id(expression), price_max is None)
        if key not in self._compiled:
            qs = candidates(None if price_max is None else _PRICE_MARK)
            ranked = qs.annotate(match_score=expression).order_by(
                "-match_score", F("first_listed_at").desc(nulls_last=True), "-id"
            )
            query = ranked.values_list("pk", "match_score")[: self.limit]
            self._compiled[key] = (query.db, *query.query.sql_with_params())
        using, sql, params = self._compiled[key]
        bound = lowest(self.budget_max, price_max)  # as fitting_listings bounds it
        values = [bound if p == _PRICE_MARK else p for p in params]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, values)
            return [(pk, score) for pk, score in cursor.fetchall()]
