"""Daily reports (每日零报告): each village reports a kind of daily figures, or an explicit
zero, to its town by a deadline; towns approve their villages' reports, the county
approves each town's day; completeness and timeliness dashboards, reminders and exports.

Report kinds are declared by the apps that own the subject in `<app>/daily_reports.py`
(see `kinds`); this app owns the reports, their history, approvals and reminders.
"""
