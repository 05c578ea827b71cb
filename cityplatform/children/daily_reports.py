"""The 每日零报告 kind the registry owns, checked against the registry itself.

A village that reports zero children newly lacking care while the registry recorded one,
unplaced, that day is flagged: silence must never be mistaken for safety. The registry
re-runs the check when it records such a child after the report was filed. A day's
figures carry the registry's own counts beside the reported sums.
"""

import datetime
from datetime import time

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cityplatform.children.selectors.daily import (
    registry_counts_by_village,
    unplaced_new_children,
)
from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportField, ReportKind

CHILDREN_CARE = "children_care"


def zero_report_hides_unplaced_children(
    village: Place, day: datetime.date, values: dict[str, int]
) -> list[str]:
    if values.get("new_lacking_care"):
        return []
    unplaced = unplaced_new_children(village, day)
    if not unplaced:
        return []
    return [
        ngettext(
            "Reported no child newly lacking care, but the registry recorded %(count)d "
            "that day without a care arrangement.",
            "Reported no child newly lacking care, but the registry recorded %(count)d "
            "that day without a care arrangement.",
            unplaced,
        )
        % {"count": unplaced}
    ]


KINDS = [
    ReportKind(
        code=CHILDREN_CARE,
        label=_("Daily report on the four groups of children"),
        fields=[
            ReportField("new_lacking_care", _("Newly found children lacking care")),
            ReportField("placed", _("Children placed")),
        ],
        deadline=time(10, 0),
        cross_check=zero_report_hides_unplaced_children,
        # A day's figures show, beside what villages reported, what the registry recorded.
        registry_counts=registry_counts_by_village,
        description=_(
            "Each village or community reports by 10:00 the children newly found without "
            "care because of the epidemic and the children placed in care, or an explicit zero."
        ),
    ),
]


def refresh_report_flags_on_commit(village_code: str, day: datetime.date) -> None:
    """After the registry changes a village's day, re-check the report already filed."""
    from cityplatform.reports.kinds import get_kind
    from cityplatform.reports.services import report_flags_refresh

    def refresh() -> None:
        kind = get_kind(CHILDREN_CARE)
        if kind is not None:
            report_flags_refresh(kind=kind, day=day, village_codes=[village_code])

    transaction.on_commit(refresh)
