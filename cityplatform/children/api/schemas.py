"""Shapes of the registry API. Lists carry masked ID numbers and masked phones; one
child's record carries the guardians' phones (its reader is audited), never the full ID
number (that is its own audited endpoint, for the roles that may see it)."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from cityplatform.children.models import (
    Assistance,
    CareArrangement,
    Child,
    ChildEvent,
    Guardian,
    HotlineCall,
)
from cityplatform.core.validators import mask_phone

MAX_ID = 2**62
Text32 = Annotated[str, StringConstraints(max_length=64)]
Code = Annotated[str, StringConstraints(max_length=12)]


class ChildListOut(Schema):
    id: int
    name: str
    sex: str
    birth_date: datetime.date
    id_number_masked: str
    village_code: str
    village_name: str
    town_name: str
    categories: list[str]
    guardianship: str
    alarm: bool
    closed_on: datetime.date | None
    closed_reason: str

    @staticmethod
    def resolve_village_code(obj: Child) -> str:
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj: Child) -> str:
        return obj.village.name

    @staticmethod
    def resolve_town_name(obj: Child) -> str:
        return obj.village.parent.name if obj.village.parent else ""

    @staticmethod
    def resolve_categories(obj: Child) -> list[str]:
        return obj.categories

    @staticmethod
    def resolve_alarm(obj: Child) -> bool:
        return obj.has_open_alarm


class GuardianOut(Schema):
    id: int
    name: str
    relation: str
    phone: str
    situation: str
    note: str


class ArrangementOut(Schema):
    id: int
    kind: str
    carer: str
    responsible_person: str
    responsible_phone: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    end_reason: str


class VisitOut(Schema):
    id: int
    visited_on: datetime.date
    visitor_name: str
    visitor_kind: str
    findings: str
    follow_up: str
    follow_up_by: datetime.date | None
    follow_up_done_on: datetime.date | None


class CounsellingOut(Schema):
    id: int
    held_on: datetime.date
    counsellor: str
    mode: str
    notes: str


class ItemOut(Schema):
    item: str
    quantity: int
    unit: str


class AssistanceOut(Schema):
    id: int
    given_on: datetime.date
    given_by: str
    cash_amount: str
    cash_purpose: str
    note: str
    items: list[ItemOut]

    @staticmethod
    def resolve_cash_amount(obj: Assistance) -> str:
        return f"{obj.cash_amount:.2f}"

    @staticmethod
    def resolve_items(obj: Assistance) -> list[object]:
        return list(obj.items.all())


class ChildOut(ChildListOut):
    closed_note: str
    address: str
    school: str
    health: str
    special_needs: str
    registered_on: datetime.date
    guardians: list[GuardianOut]
    arrangements: list[ArrangementOut]
    visits: list[VisitOut]
    counselling_sessions: list[CounsellingOut]
    assistance: list[AssistanceOut]

    @staticmethod
    def resolve_guardians(obj: Child) -> list[Guardian]:
        return list(obj.guardians.all())

    @staticmethod
    def resolve_arrangements(obj: Child) -> list[CareArrangement]:
        return list(obj.arrangements.all())

    @staticmethod
    def resolve_visits(obj: Child) -> list[object]:
        return list(obj.visits.all())

    @staticmethod
    def resolve_counselling_sessions(obj: Child) -> list[object]:
        return list(obj.counselling_sessions.all())

    @staticmethod
    def resolve_assistance(obj: Child) -> list[Assistance]:
        return list(obj.assistance.all())


class EventOut(Schema):
    at: datetime.datetime
    who: str
    kind: str
    changes: dict[str, object]
    record_id: int | None

    @staticmethod
    def resolve_who(obj: ChildEvent) -> str:
        return obj.actor_name


class GuardianIn(Schema):
    name: Text32
    relation: Text32
    situation: Text32
    phone: Text32 = ""
    note: Annotated[str, StringConstraints(max_length=1000)] = ""


class GuardianPatch(Schema):
    name: Text32 | None = None
    relation: Text32 | None = None
    situation: Text32 | None = None
    phone: Text32 | None = None
    note: Annotated[str, StringConstraints(max_length=1000)] | None = None


class ChildIn(Schema):
    name: Text32
    sex: Text32
    birth_date: datetime.date
    village_code: Code
    categories: list[Text32] = Field(..., max_length=8)
    guardianship: Text32 = "adequate"
    id_number: Text32 = ""
    address: Annotated[str, StringConstraints(max_length=1000)] = ""
    school: Annotated[str, StringConstraints(max_length=1000)] = ""
    health: Annotated[str, StringConstraints(max_length=10000)] = ""
    special_needs: Annotated[str, StringConstraints(max_length=10000)] = ""
    guardians: list[GuardianIn] = Field(default_factory=list, max_length=10)


class ChildPatch(Schema):
    name: Text32 | None = None
    sex: Text32 | None = None
    birth_date: datetime.date | None = None
    village_code: Code | None = None
    categories: list[Text32] | None = Field(None, max_length=8)
    guardianship: Text32 | None = None
    id_number: Text32 | None = None
    address: Annotated[str, StringConstraints(max_length=1000)] | None = None
    school: Annotated[str, StringConstraints(max_length=1000)] | None = None
    health: Annotated[str, StringConstraints(max_length=10000)] | None = None
    special_needs: Annotated[str, StringConstraints(max_length=10000)] | None = None


class ChildFiltersIn(Schema):
    place: Code | None = None
    category: Text32 | None = None
    guardianship: Text32 | None = None
    alarm: bool = False
    status: Literal["open", "closed", "all"] | None = None


class SearchIn(Schema):
    q: Text32 = ""
    id_number: Text32 = ""
    place: Code | None = None


class IdNumberOut(Schema):
    id: int
    id_number: str


class SummaryOut(Schema):
    pseudonym: str
    summary: str


class ArrangementIn(Schema):
    kind: Text32
    responsible_person: Text32
    starts_on: datetime.date
    carer: Annotated[str, StringConstraints(max_length=1000)] = ""
    responsible_phone: Text32 = ""
    ends_on: datetime.date | None = None
    note: Annotated[str, StringConstraints(max_length=1000)] = ""


class CloseIn(Schema):
    reason: Text32
    closed_on: datetime.date
    note: Annotated[str, StringConstraints(max_length=1000)] = ""


class ReopenIn(Schema):
    reason: Annotated[str, StringConstraints(max_length=1000)]


class EndIn(Schema):
    ends_on: datetime.date
    reason: Annotated[str, StringConstraints(max_length=1000)]


class VisitIn(Schema):
    visited_on: datetime.date
    visitor_name: Text32
    visitor_kind: Text32
    findings: Annotated[str, StringConstraints(max_length=10000)]
    follow_up: Annotated[str, StringConstraints(max_length=1000)] = ""
    follow_up_by: datetime.date | None = None


class CounsellingIn(Schema):
    held_on: datetime.date
    counsellor: Annotated[str, StringConstraints(max_length=1000)]
    mode: Text32
    notes: Annotated[str, StringConstraints(max_length=10000)] = ""


class ItemIn(Schema):
    item: Text32
    quantity: int = Field(..., ge=-(2**31), le=2**31)
    unit: Text32 = ""


class AssistanceIn(Schema):
    given_on: datetime.date
    given_by: Annotated[str, StringConstraints(max_length=1000)]
    items: list[ItemIn] = Field(default_factory=list, max_length=50)
    cash_amount: Decimal = Field(Decimal("0"), max_digits=14, decimal_places=2)
    cash_purpose: Text32 = ""
    note: Annotated[str, StringConstraints(max_length=1000)] = ""


class CreatedOut(Schema):
    id: int


class PlaceRowOut(Schema):
    code: str
    name: str
    children: int
    lacking: int
    alarms: int
    overdue_follow_ups: int
    open_calls: int


class DashboardOut(Schema):
    place_code: str
    place_name: str
    total: int
    by_category: dict[str, int]
    lacking: int
    alarm_child_ids: list[int]
    overdue_follow_up_visit_ids: list[int]
    open_call_ids: list[int]
    median_response_minutes: float | None
    rows: list[PlaceRowOut]


class CallOut(Schema):
    id: int
    received_at: datetime.datetime
    caller_name: str
    caller_phone: str
    concern: str
    urgency: str
    child_id: int | None
    place_code: str
    town_code: str
    due_at: datetime.datetime
    first_response_at: datetime.datetime | None
    response_minutes: float | None
    escalation: int

    @staticmethod
    def resolve_place_code(obj: HotlineCall) -> str:
        return obj.place_id

    @staticmethod
    def resolve_caller_phone(obj: HotlineCall) -> str:
        return mask_phone(obj.caller_phone) if obj.caller_phone else ""

    @staticmethod
    def resolve_response_minutes(obj: HotlineCall) -> float | None:
        span = obj.response_time
        return None if span is None else round(span.total_seconds() / 60, 1)


class CallIn(Schema):
    concern: Annotated[str, StringConstraints(max_length=10000)]
    urgency: Text32
    place_code: Code | None = None
    child_id: int | None = Field(None, ge=1, le=MAX_ID)
    caller_name: Text32 = ""
    caller_phone: Text32 = ""
    received_at: datetime.datetime | None = None


class RespondIn(Schema):
    note: Annotated[str, StringConstraints(max_length=10000)]
