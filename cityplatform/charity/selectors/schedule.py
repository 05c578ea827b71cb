"""The disclosure duties the 慈善法 puts on a campaign, and whether each is met.

- An emergency campaign is disclosed as donations arrive: its public page is live.
- Every campaign publishes at least every three months while it runs (interim).
- Within three months of its end it publishes in full, leftovers included (final).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cityplatform.charity.models import Campaign, DisclosurePublication

# A duty shows as "due soon" this many days before its date.
DUE_SOON_DAYS = 14


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Duty:
    kind: str  # "live", "interim", "final"
    label: str | Promise
    due_on: date | None
    status: str  # "live", "done", "upcoming", "due", "overdue"

    @property
    def status_label(self) -> str | Promise:
        return {
            "live": _("Live: shown as donations arrive"),
            "done": _("Done"),
            "upcoming": _("Upcoming"),
            "due": _("Due soon"),
            "overdue": _("Overdue"),
        }[self.status]


def _status(due_on: date, today: date) -> str:
    if today > due_on:
        return "overdue"
    if today >= due_on - timedelta(days=DUE_SOON_DAYS):
        return "due"
    return "upcoming"


def disclosure_duties(campaign: Campaign, *, today: date | None = None) -> list[Duty]:
    today = today or timezone.localdate()
    published = list(
        campaign.publications.order_by("published_at").values_list("kind", "published_at")
    )
    duties = []
    if campaign.is_emergency:
        duties.append(Duty("live", _("Emergency: disclosed as donations arrive"), None, "live"))
    final_done = any(kind == DisclosurePublication.Kind.FINAL for kind, _at in published)
    if not final_done:
        last = timezone.localtime(published[-1][1]).date() if published else campaign.start_date
        interim_due = add_months(last, 3)
        running_then = campaign.end_date is None or campaign.end_date >= interim_due
        if running_then:
            duties.append(
                Duty(
                    "interim",
                    _("Interim disclosure (every three months)"),
                    interim_due,
                    _status(interim_due, today),
                )
            )
    if campaign.end_date is not None:
        final_due = add_months(campaign.end_date, 3)
        duties.append(
            Duty(
                "final",
                _("Final disclosure, leftovers included (three months after the end)"),
                final_due,
                "done" if final_done else _status(final_due, today),
            )
        )
    return duties
