"""Volunteer services API, mounted at /api/volunteers/.

Public: the 三社联动 figures (`/summary`, `/breakdown`, `/outputs`), the activities,
and certificate verification. Staff (token or session): enrolling volunteers,
recording activities and service records, for the organisations they manage.
Hours are decimal strings ("2.50"); never a full ID number or phone.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cityplatform.accounts.auth import api_auth
from cityplatform.core.pagination import Pagination
from cityplatform.places.models import Place
from cityplatform.volunteers import services
from cityplatform.volunteers.models import (
    Activity,
    ActivityKind,
    OutputKind,
    ServiceRecord,
    Volunteer,
)
from cityplatform.volunteers.permissions import organizations_managed_by
from cityplatform.volunteers.selectors import stats
from cityplatform.volunteers.selectors.certificates import certificate_check, certificate_get

router = Router(tags=["volunteers"])


class StatsQuery(Schema):
    date_from: date | None = Field(None, alias="from", description="First day, YYYY-MM-DD")
    date_to: date | None = Field(None, alias="to", description="Last day, YYYY-MM-DD")
    town: str | None = Field(
        None, max_length=12, description="A town's 12-digit code, e.g. 430281108000 (石亭镇)"
    )

    def selection(self) -> stats.StatsFilter:
        return stats.stats_filter(date_from=self.date_from, date_to=self.date_to, town=self.town)


class FiguresOut(Schema):
    organizations: int
    volunteers: int = Field(
        description="Distinct people: someone in two organisations counts once."
    )
    activities: int
    person_times: int = Field(description="人次: the number of service records.")
    hours: str = Field(description="Hours served, a decimal string such as 1234.50.")


class TownOut(Schema):
    code: str
    name: str


class SummaryOut(FiguresOut):
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    town: TownOut | None


def _figures(figures: stats.Figures) -> dict[str, Any]:
    return {
        "organizations": figures.organizations,
        "volunteers": figures.volunteers,
        "activities": figures.activities,
        "person_times": figures.person_times,
        "hours": f"{figures.hours:.2f}",
    }


@router.get("/summary", response=SummaryOut, by_alias=True)
def summary(request: HttpRequest, filters: Query[StatsQuery]) -> dict[str, Any]:
    selection = filters.selection()
    town = selection.town
    return {
        **_figures(stats.summary(selection)),
        "from": selection.date_from,
        "to": selection.date_to,
        "town": {"code": town.code, "name": town.name} if town else None,
    }


class BreakdownQuery(StatsQuery):
    by: stats.Dimension = Field(description="organization, type, town or week")


class BreakdownRowOut(FiguresOut):
    key: str = Field(description="Organisation id, type code, town code or the week's Monday")
    label: str


class BreakdownOut(Schema):
    by: str
    items: list[BreakdownRowOut]


@router.get("/breakdown", response=BreakdownOut)
def breakdown(request: HttpRequest, filters: Query[BreakdownQuery]) -> dict[str, Any]:
    rows = stats.breakdown(filters.selection(), filters.by)
    return {
        "by": filters.by,
        "items": [{"key": r.key, "label": r.label, **_figures(r.figures)} for r in rows],
    }


class OutputOut(Schema):
    kind: str
    label: str
    unit: str
    quantity: int


class OrganizationOutputsOut(Schema):
    organization_id: int
    name: str
    outputs: list[OutputOut]


class OutputsOut(Schema):
    totals: list[OutputOut]
    by_organization: list[OrganizationOutputsOut]


@router.get("/outputs", response=OutputsOut)
def outputs(request: HttpRequest, filters: Query[StatsQuery]) -> dict[str, Any]:
    selection = filters.selection()
    return {
        "totals": stats.output_totals(selection),
        "by_organization": stats.outputs_by_organization(selection),
    }


class ActivityOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    date: date
    place_code: str
    place_name: str
    organization_id: int
    organization_name: str
    person_times: int
    outputs: list[OutputOut]

    @staticmethod
    def resolve_kind_label(obj: Activity) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_place_code(obj: Activity) -> str:
        return obj.place_id

    @staticmethod
    def resolve_place_name(obj: Activity) -> str:
        return obj.place.name

    @staticmethod
    def resolve_organization_name(obj: Activity) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_outputs(obj: Activity) -> list[dict[str, Any]]:
        return [
            {
                "kind": o.kind,
                "label": str(o.get_kind_display()),
                "unit": o.unit,
                "quantity": o.quantity,
            }
            for o in obj.outputs.all()
        ]


class ActivityQuery(StatsQuery):
    kind: ActivityKind | None = None
    organization: int | None = Field(None, ge=1, le=2**31 - 1)


@router.get("/activities", response=list[ActivityOut])
@paginate(Pagination)
def activities(request: HttpRequest, filters: Query[ActivityQuery]) -> QuerySet[Activity]:
    """Activities, newest first, each with its person-times and outputs."""
    qs = stats.activities_in(filters.selection())
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organization:
        qs = qs.filter(organization_id=filters.organization)
    person_times = (
        ServiceRecord.objects.filter(activity=OuterRef("pk"))
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("organization", "place")
        .prefetch_related("outputs")
        .annotate(person_times=Coalesce(Subquery(person_times, output_field=IntegerField()), 0))
        .order_by("-date", "-pk")
    )


class CertificateOut(Schema):
    number: str
    name: str
    id_number_masked: str
    organization: str
    hours: str
    activities: int
    first_served_on: date
    last_served_on: date
    issued_at: datetime
    matches_records: bool = Field(
        description="Whether the records the certificate was issued from still add up to it."
    )


@router.get("/certificates/{number}", response=CertificateOut)
def certificate(request: HttpRequest, number: str) -> dict[str, Any]:
    """Verify a certificate by its number: only the name and the masked ID number."""
    found = certificate_get(number)
    check = certificate_check(found)
    return {
        "number": found.number,
        "name": found.volunteer.name,
        "id_number_masked": found.volunteer.id_number_masked,
        "organization": found.organization.name,
        "hours": f"{found.hours:.2f}",
        "activities": found.activity_count,
        "first_served_on": found.first_served_on,
        "last_served_on": found.last_served_on,
        "issued_at": found.issued_at,
        "matches_records": check.matches,
    }


# --- Staff ------------------------------------------------------------------------


def _managed_activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("organization"),
        pk=pk,
        organization__in=organizations_managed_by(request.user),
    )


def _place(code: str) -> Place | None:
    return Place.objects.filter(code=code).first()


class VolunteerIn(Schema):
    organization_id: int = Field(..., ge=1, le=2**31 - 1)
    name: str = Field(..., max_length=1000)
    phone: str = Field(..., max_length=100)
    id_number: str = Field(..., max_length=100)
    place: str = Field(..., max_length=12, description="Registration county or town code")
    joined_on: date
    skills: list[str] = Field(default_factory=list, max_length=20)


class VolunteerOut(Schema):
    id: int
    name: str
    id_number_masked: str
    new_person: bool


@router.post("/volunteers", response={200: VolunteerOut, 201: VolunteerOut}, auth=api_auth)
def volunteer_enrol(request: HttpRequest, payload: VolunteerIn) -> Status[dict[str, Any]]:
    """Enrol a person in an organisation. 201 for a new person; 200 when someone
    already registered joins another organisation (they still count once)."""
    organization = get_object_or_404(
        organizations_managed_by(request.user), pk=payload.organization_id
    )
    volunteer, created = services.volunteer_enrol(
        organization=organization,
        name=payload.name,
        phone=payload.phone,
        id_number=payload.id_number,
        place=_place(payload.place),
        joined_on=payload.joined_on,
        skills=payload.skills,
        actor=request.user,
    )
    body = {
        "id": volunteer.pk,
        "name": volunteer.name,
        "id_number_masked": volunteer.id_number_masked,
        "new_person": created,
    }
    return Status(201 if created else 200, body)


class OutputIn(Schema):
    kind: OutputKind
    quantity: int = Field(..., ge=-(2**31), le=2**31 - 1)
    unit: str = Field("", max_length=8)


class ActivityIn(Schema):
    organization_id: int = Field(..., ge=1, le=2**31 - 1)
    kind: str = Field(..., max_length=32)
    title: str = Field(..., max_length=1000)
    place: str = Field(..., max_length=12, description="Town or village code")
    date: date
    description: str = Field("", max_length=10000)
    outputs: list[OutputIn] = Field(default_factory=list, max_length=20)


@router.post("/activities", response={201: ActivityOut}, auth=api_auth)
def activity_create(request: HttpRequest, payload: ActivityIn) -> Status[Activity]:
    organization = get_object_or_404(
        organizations_managed_by(request.user), pk=payload.organization_id
    )
    activity = services.activity_create(
        organization=organization,
        kind=payload.kind,
        title=payload.title,
        place=_place(payload.place),
        date=payload.date,
        description=payload.description,
        outputs=[services.OutputIn(o.kind, o.quantity, o.unit) for o in payload.outputs],
        actor=request.user,
    )
    activity.person_times = 0  # type: ignore[attr-defined]
    return Status(201, activity)


class RecordIn(Schema):
    volunteer_id: int = Field(..., ge=1, le=2**63 - 1)
    activity_id: int = Field(..., ge=1, le=2**63 - 1)
    hours: Decimal = Field(..., description="Hours served, e.g. 2.5 (above 0, at most 24)")


class RecordOut(Schema):
    id: int
    volunteer_id: int
    activity_id: int
    hours: str


@router.post("/service-records", response={201: RecordOut}, auth=api_auth)
def service_record_create(request: HttpRequest, payload: RecordIn) -> Status[dict[str, Any]]:
    activity = _managed_activity(request, payload.activity_id)
    volunteer = Volunteer.objects.filter(pk=payload.volunteer_id).first()
    if volunteer is None:
        raise Http404
    record = services.service_record_add(
        volunteer=volunteer, activity=activity, hours=payload.hours, actor=request.user
    )
    return Status(
        201,
        {
            "id": record.pk,
            "volunteer_id": record.volunteer_id,
            "activity_id": record.activity_id,
            "hours": f"{record.hours:.2f}",
        },
    )
