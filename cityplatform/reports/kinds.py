"""The registry of daily report kinds.

An app that wants villages to report something daily declares it in its own
`daily_reports.py`, the way roles are declared in `roles.py`:

    KINDS = [
        ReportKind(
            code="children_care",
            label=_("Daily report on the four groups of children"),
            fields=[ReportField("new_lacking_care", _("Newly found children lacking care")),
                    ReportField("placed", _("Children placed"))],
            deadline=time(10, 0),
            cross_check=None,  # or a function (village, day, values) -> list of messages
            registry_counts=None,  # or a function (code prefix, day) -> {village code: values}
        )
    ]

Every field is a count (an integer from 0 up); a report whose counts are all 0 is a
zero report. `cross_check` runs on every filing (and on `report_flags_refresh`); the
messages it returns are stored on the report as flags and shown on every dashboard.
`registry_counts`, when the domain keeps its own record of what villages report, gives
the same figures counted from that record for every village under a place code prefix
on a day (villages with nothing may be left out); a day's figures show them beside the
reported sums and mark where the two differ. It must answer in a fixed number of
grouped queries, whatever the number of villages.

The deadline is local time on the reported day; `settings.DAILY_REPORT_DEADLINES`
({"children_care": "09:30"}) overrides it per kind without touching code.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.functional import Promise

if TYPE_CHECKING:
    from cityplatform.places.models import Place

CrossCheck = Callable[["Place", date, dict[str, int]], list[str]]
# (village code prefix, day) -> {village code: {field: count}}
RegistryCounts = Callable[[str, date], dict[str, dict[str, int]]]

_REGISTRY: dict[str, "ReportKind"] = {}
_SOURCES: dict[str, str] = {}


@dataclass(frozen=True)
class ReportField:
    name: str
    label: str | Promise


@dataclass(frozen=True)
class ReportKind:
    code: str
    label: str | Promise
    fields: list[ReportField]
    deadline: time = time(10, 0)
    cross_check: CrossCheck | None = None
    registry_counts: RegistryCounts | None = None
    description: str | Promise = ""

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def zero_values(self) -> dict[str, int]:
        return dict.fromkeys(self.field_names, 0)


def register(kind: ReportKind, *, source: str = "") -> None:
    if not kind.code or len(kind.code) > 32 or not kind.code.replace("_", "").isalnum():
        raise ImproperlyConfigured(
            f"Report kind code {kind.code!r} must be 1-32 letters, digits or _."
        )
    names = kind.field_names
    if not names or len(set(names)) != len(names):
        raise ImproperlyConfigured(f"Report kind {kind.code!r} needs distinct field names.")
    existing = _REGISTRY.get(kind.code)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(
            f"Report kind {kind.code!r} is declared twice ({_SOURCES[kind.code]} and "
            f"{source or 'register()'}); keep one declaration."
        )
    _REGISTRY[kind.code] = kind
    _SOURCES[kind.code] = source or "register()"


def unregister(code: str) -> None:
    """Take a kind out of the registry (tests that declare a fake kind clean up with it)."""
    _REGISTRY.pop(code, None)
    _SOURCES.pop(code, None)


def all_kinds() -> list[ReportKind]:
    """Every kind, in the order declared (INSTALLED_APPS order, then list order)."""
    return list(_REGISTRY.values())


def get_kind(code: str) -> ReportKind | None:
    return _REGISTRY.get(code)


def default_kind() -> ReportKind | None:
    """The first kind declared: what pages and the API show when no kind is named."""
    return next(iter(_REGISTRY.values()), None)


def autodiscover() -> None:
    for config in apps.get_app_configs():
        module_name = f"{config.name}.daily_reports"
        if config.name.startswith("cityplatform.") and find_spec(module_name):
            for kind in getattr(import_module(module_name), "KINDS", []):
                register(kind, source=module_name)


def deadline_for(kind: ReportKind) -> time:
    """The kind's deadline, or the one settings.DAILY_REPORT_DEADLINES gives it."""
    override = getattr(settings, "DAILY_REPORT_DEADLINES", {}).get(kind.code)
    if override is None or override == "":
        return kind.deadline
    if isinstance(override, time):
        return override
    try:
        return time.fromisoformat(str(override))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DAILY_REPORT_DEADLINES[{kind.code!r}] must be a time like 09:30, not {override!r}"
        ) from exc


def due_at(kind: ReportKind, day: date) -> datetime:
    """The moment a report for `day` is due: the deadline, local time, on that day."""
    return timezone.make_aware(datetime.combine(day, deadline_for(kind)))
