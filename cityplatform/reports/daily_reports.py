"""Report kinds this app declares itself.

The children app takes `children_care` over: when it declares the kind in its own
`daily_reports.py` (with a cross-check against the registry), delete it here; the
registry refuses a kind declared twice with different contents.
"""

from datetime import time

from django.utils.translation import gettext_lazy as _

from cityplatform.reports.kinds import ReportField, ReportKind

KINDS = [
    ReportKind(
        code="children_care",
        label=_("Daily report on the four groups of children"),
        fields=[
            ReportField("new_lacking_care", _("Newly found children lacking care")),
            ReportField("placed", _("Children placed")),
        ],
        deadline=time(10, 0),
        cross_check=None,
        description=_(
            "Each village or community reports by 10:00 the children newly found without "
            "care because of the epidemic and the children placed in care, or an explicit zero."
        ),
    ),
]
