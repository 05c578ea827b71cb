"""The registry's side of the daily zero report (每日零报告), for the reports app.

A village's day is counted from the registry itself, so a report can be checked
against it: a report claiming zero while `unplaced_new_children` is above zero is
flagged by the reports app, and a day's figures show the registry's counts beside the
reported sums (`registry_counts_by_village`, for every village of a town or county at
once).
"""

import datetime

from django.db.models import Count, Exists, OuterRef

from cityplatform.children.models import CareArrangement, Child, LackingCareFinding
from cityplatform.places.models import Place

from .registry import active_arrangement_q
from .scope import code_range

DAILY_FIELDS = ("new_lacking_care", "placed")


def registry_counts_by_village(prefix: str, day: datetime.date) -> dict[str, dict[str, int]]:
    """Every village under the place code `prefix` with something on `day`, and its
    figures (villages with nothing are left out). Two grouped queries, whatever the
    number of villages.

    - `new_lacking_care`: children found lacking guardianship that day in the village
      (registered lacking that day, or their guardianship turned to lacking that day);
      recorded as findings, so later changes to a child do not rewrite a past day.
    - `placed`: children of the village whose first care arrangement started that day.
    """
    counts: dict[str, dict[str, int]] = {}

    def add(village_code: str, field: str, n: int) -> None:
        counts.setdefault(village_code, dict.fromkeys(DAILY_FIELDS, 0))[field] = n

    found = (
        LackingCareFinding.objects.filter(code_range("village_id", prefix), found_on=day)
        .values("village_id")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("village_id", "n")
    )
    for village_code, n in found:
        add(village_code, "new_lacking_care", n)
    starting = CareArrangement.objects.filter(child=OuterRef("pk"), starts_on=day)
    earlier = CareArrangement.objects.filter(child=OuterRef("pk"), starts_on__lt=day)
    placed = (
        Child.objects.filter(code_range("village_id", prefix))
        .filter(Exists(starting), ~Exists(earlier))
        .order_by()
        .values("village_id")
        .annotate(n=Count("pk"))
        .values_list("village_id", "n")
    )
    for village_code, n in placed:
        add(village_code, "placed", n)
    return counts


def daily_registry_counts(village: Place, day: datetime.date) -> dict[str, int]:
    """The village's figures for `day` (see `registry_counts_by_village`)."""
    counts = registry_counts_by_village(village.prefix, day)
    return counts.get(village.code, dict.fromkeys(DAILY_FIELDS, 0))


def unplaced_new_children(village: Place, day: datetime.date) -> int:
    """Children found lacking guardianship in the village on `day` who had no care
    arrangement in force on that day (the ones a zero report must not hide)."""
    in_force = CareArrangement.objects.filter(active_arrangement_q(day), child=OuterRef("child_id"))
    return (
        LackingCareFinding.objects.filter(village=village, found_on=day)
        .annotate(placed=Exists(in_force))
        .filter(placed=False)
        .values("child_id")
        .distinct()
        .count()
    )
