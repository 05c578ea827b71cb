"""The registry's side of the daily zero report (每日零报告), for the reports app.

A village's day is counted from the registry itself, so a report can be checked
against it: a report claiming zero while `unplaced_new_children` is above zero is
flagged by the reports app.
"""

import datetime

from django.db.models import Exists, Min, OuterRef

from cityplatform.children.models import CareArrangement, Child, LackingCareFinding
from cityplatform.places.models import Place

from .registry import active_arrangement_q


def daily_registry_counts(village: Place, day: datetime.date) -> dict[str, int]:
    """The village's figures for `day`.

    - `new_lacking_care`: children found lacking guardianship that day in the village
      (registered lacking that day, or their guardianship turned to lacking that day);
      recorded as findings, so later changes to a child do not rewrite a past day.
    - `placed`: children of the village whose first care arrangement started that day.
    """
    new_lacking = (
        LackingCareFinding.objects.filter(village=village, found_on=day)
        .values("child_id")
        .distinct()
        .count()
    )
    placed = (
        Child.objects.filter(village=village)
        .annotate(first_start=Min("arrangements__starts_on"))
        .filter(first_start=day)
        .count()
    )
    return {"new_lacking_care": new_lacking, "placed": placed}


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
