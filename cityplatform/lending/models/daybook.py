"""The business date (营业日) and what the close of business writes.

The bank's business date is not the calendar: it advances only when the close of
business for the day has run, so a day's interest is accrued exactly once.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BusinessClock(models.Model):
    """One row: the current business date, and whether its close of business is running."""

    business_date = models.DateField(_("business date"))
    # While the close of business runs, draws and repayments wait (refused with 503).
    closing = models.BooleanField(_("close of business running"), default=False)

    class Meta:
        verbose_name = _("business clock")
        verbose_name_plural = _("business clock")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="lending_clock_single_row"),
        ]

    def __str__(self) -> str:
        return str(self.business_date)
