"""The kind registry: discovery, declarations twice, deadlines and their override."""

from datetime import date, time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from cityplatform.reports import kinds
from cityplatform.reports.kinds import ReportField, ReportKind


def test_children_care_is_discovered_from_the_apps() -> None:
    kind = kinds.get_kind("children_care")
    assert kind is not None
    assert kind.field_names == ["new_lacking_care", "placed"]
    assert kind.deadline == time(10, 0)
    assert kind.cross_check is not None  # the children registry owns the kind
    assert kinds.default_kind() == kind
    assert kind.zero_values() == {"new_lacking_care": 0, "placed": 0}


def test_declaring_the_same_kind_again_is_harmless_but_a_different_one_is_refused() -> None:
    kind = kinds.get_kind("children_care")
    assert kind is not None
    kinds.register(kind, source="again")
    clash = ReportKind(code="children_care", label="x", fields=[ReportField("n", "n")])
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        kinds.register(clash, source="elsewhere")
    assert kinds.get_kind("children_care") == kind


@pytest.mark.parametrize(
    "bad",
    [
        ReportKind(code="has space", label="x", fields=[ReportField("n", "n")]),
        ReportKind(code="x" * 33, label="x", fields=[ReportField("n", "n")]),
        ReportKind(code="nofields", label="x", fields=[]),
        ReportKind(code="twice", label="x", fields=[ReportField("n", "n"), ReportField("n", "m")]),
    ],
)
def test_malformed_kinds_are_refused(bad: ReportKind) -> None:
    with pytest.raises(ImproperlyConfigured):
        kinds.register(bad)
    assert kinds.get_kind(bad.code) is None


def test_deadline_is_local_time_on_the_day_and_settings_override_it() -> None:
    kind = kinds.get_kind("children_care")
    assert kind is not None
    due = kinds.due_at(kind, date(2020, 2, 3))
    assert timezone.localtime(due).strftime("%Y-%m-%d %H:%M %z") == "2020-02-03 10:00 +0800"
    with override_settings(DAILY_REPORT_DEADLINES={"children_care": "09:30"}):
        assert kinds.deadline_for(kind) == time(9, 30)
    with override_settings(DAILY_REPORT_DEADLINES={"children_care": time(8, 0)}):
        assert kinds.deadline_for(kind) == time(8, 0)
    with (
        override_settings(DAILY_REPORT_DEADLINES={"children_care": "half past nine"}),
        pytest.raises(ImproperlyConfigured, match="09:30"),
    ):
        kinds.deadline_for(kind)
