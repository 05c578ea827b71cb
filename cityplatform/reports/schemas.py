"""Request and response shapes of the daily-reports API (see api)."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from ninja import Path as PathParam

from cityplatform.reports.days import FIRST_DAY, LAST_DAY
from cityplatform.reports.models import DailyReport
from cityplatform.reports.selectors import reports as selectors
from cityplatform.reports.selectors.completeness import Tally
from cityplatform.reports.services.common import town_code_of

CODE = r"^\d{12}$"
TownCode = Annotated[str, PathParam(..., pattern=CODE)]


class FieldOut(Schema):
    name: str
    label: str


class KindOut(Schema):
    code: str
    label: str
    fields: list[FieldOut]
    deadline: str


class TallyOut(Schema):
    expected: int
    on_time: int
    late: int
    missing: int
    approved_by_town: int
    flagged: int


class TownCompletenessOut(TallyOut):
    code: str
    name: str
    approved_by_county: bool


class CompletenessOut(Schema):
    kind: str
    date: dt.date
    deadline: dt.datetime
    deadline_passed: bool
    towns: list[TownCompletenessOut]
    total: TallyOut


# Days reports can be about (see reports.days); outside, a 422.
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]


class DayQuery(Schema):
    date: Day
    kind: str | None = Field(None, max_length=32)
    place: str | None = Field(None, pattern=CODE)


class VillageOut(Schema):
    code: str
    name: str
    town_code: str
    town_name: str


class GridQuery(Schema):
    month: str = Field(..., pattern=r"^20\d{2}-(0[1-9]|1[0-2])$")
    kind: str | None = Field(None, max_length=32)
    place: str | None = Field(None, pattern=CODE)


class CellOut(TallyOut):
    date: dt.date
    state: str
    approved_by_county: bool


class GridRowOut(Schema):
    code: str
    name: str
    cells: list[CellOut]


class GridOut(Schema):
    kind: str
    place: str
    month: str
    rows: list[GridRowOut]
    totals: list[CellOut]


class ReportOut(Schema):
    id: int
    kind: str
    village: str
    village_name: str
    town: str
    date: dt.date
    values: dict[str, int]
    is_zero: bool
    flags: list[str]
    late: bool
    due_at: dt.datetime
    first_filed_at: dt.datetime
    filed_at: dt.datetime
    filed_by: str | None
    on_behalf: bool
    channel: str
    version: int
    approved_by_town: bool
    approved_at: dt.datetime | None

    @staticmethod
    def resolve_village(obj: DailyReport) -> str:
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj: DailyReport) -> str:
        return obj.village.name

    @staticmethod
    def resolve_town(obj: DailyReport) -> str:
        return town_code_of(obj.village_id)

    @staticmethod
    def resolve_date(obj: DailyReport) -> dt.date:
        return obj.day

    @staticmethod
    def resolve_late(obj: DailyReport) -> bool:
        return obj.is_late

    @staticmethod
    def resolve_filed_by(obj: DailyReport) -> str | None:
        return obj.filed_by.get_username() if obj.filed_by else None

    @staticmethod
    def resolve_approved_by_town(obj: DailyReport) -> bool:
        return obj.is_approved


class VersionOut(Schema):
    version: int
    values: dict[str, int]
    flags: list[str]
    filed_at: dt.datetime
    filed_by: str | None
    on_behalf: bool
    channel: str
    reason: str


class EventOut(Schema):
    action: str
    actor: str | None
    reason: str
    at: dt.datetime


class ReportDetailOut(ReportOut):
    versions: list[VersionOut]
    approvals: list[EventOut]

    @staticmethod
    def resolve_versions(obj: DailyReport) -> list[dict[str, Any]]:
        return [
            {
                "version": v.version,
                "values": v.values,
                "flags": v.flags,
                "filed_at": v.filed_at,
                "filed_by": v.filed_by.get_username() if v.filed_by else None,
                "on_behalf": v.on_behalf,
                "channel": v.channel,
                "reason": v.reason,
            }
            for v in selectors.report_versions(obj)
        ]

    @staticmethod
    def resolve_approvals(obj: DailyReport) -> list[dict[str, Any]]:
        return [
            {
                "action": e.action,
                "actor": e.actor.get_username() if e.actor else None,
                "reason": e.reason,
                "at": e.at,
            }
            for e in selectors.report_approval_events(obj)
        ]


class FilingOut(Schema):
    report: ReportOut
    created: bool
    changed: bool
    reopened: bool


class FileIn(Schema):
    kind: str | None = Field(None, max_length=32)
    village: str = Field(..., pattern=CODE)
    date: Day
    values: dict[str, Any] = Field(..., max_length=50)
    reason: str = Field("", max_length=5000)


class ZeroIn(Schema):
    kind: str | None = Field(None, max_length=32)
    village: str = Field(..., pattern=CODE)
    date: Day | None = None


class DayIn(Schema):
    kind: str | None = Field(None, max_length=32)
    date: Day


class ApprovedOut(Schema):
    approved: int


class TownDayOut(Schema):
    kind: str
    town: str
    date: dt.date
    approved_by_county: bool
    approved_at: dt.datetime | None


class ReportFilters(Schema):
    kind: str | None = Field(None, max_length=32)
    date: Day | None = None
    place: str | None = Field(None, pattern=CODE)


def tally_out(t: Tally) -> dict[str, int]:
    return {
        "expected": t.expected,
        "on_time": t.on_time,
        "late": t.late,
        "missing": t.missing,
        "approved_by_town": t.approved,
        "flagged": t.flagged,
    }
