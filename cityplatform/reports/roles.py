"""Roles of daily reporting. What each may do is bounded by the user's jurisdiction:
a reporter's is their village, a reviewer's their town, an officer's the county."""

from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

REPORTER = "daily_report_reporter"
REVIEWER = "daily_report_reviewer"
OFFICER = "daily_report_officer"

_READ = [
    "reports.view_dailyreport",
    "reports.view_reportversion",
    "reports.view_townday",
    "reports.view_approvalevent",
    "reports.view_reminder",
]

ROLES = [
    Role(
        REPORTER,
        _("Village reporter (children's director)"),
        permissions=[],
        description=_(
            "Files their village's daily report (figures or a one-tap zero) and corrects it."
        ),
    ),
    Role(
        REVIEWER,
        _("Town reviewer (children's supervisor)"),
        permissions=_READ,
        description=_(
            "Sees the town's villages' daily reports, files on a village's behalf, and "
            "approves the villages' reports for a day."
        ),
    ),
    Role(
        OFFICER,
        _("County bureau officer"),
        permissions=_READ,
        description=_(
            "Sees every town's daily reports, approves a town's day once all its villages "
            "are approved, files on a village's behalf, and exports the tables."
        ),
    ),
]
