"""Report kinds this app declares itself: none. Kinds belong to the domain that owns the
figures (the children registry declares `children_care` in its own daily_reports.py)."""

from cityplatform.reports.kinds import ReportKind

KINDS: list[ReportKind] = []
