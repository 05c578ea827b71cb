"""Daily reports API, mounted at /api/reports/ (token or session; a daily-report role).

    GET  /daily/kinds                          the declared kinds, their figures and deadlines
    GET  /daily/completeness?date=YYYY-MM-DD   per town: expected, on_time, late, missing
    GET  /daily/missing?date=                  villages without a report that day
    GET  /daily/grid?month=YYYY-MM&place=      a town or county's units by day
    GET  /daily/reports?date=&place=           reports, paginated
    GET  /daily/reports/{id}                   one report with its versions and approvals
    POST /daily/reports                        file figures (a repeat is a correction)
    POST /daily/reports/zero                   one tap: nothing new today
    POST /daily/reports/{id}/approve           the town approves one report
    POST /daily/towns/{code}/approve           the town approves the day's filed reports
    POST /daily/towns/{code}/county-approve    the county approves the town's day

Everything is bounded by the user's jurisdiction: another unit's report or place is 404.
`kind` defaults to the first kind declared.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from cityplatform.accounts.auth import api_auth
from cityplatform.core.errors import DomainError
from cityplatform.core.pagination import Pagination
from cityplatform.places.models import Place
from cityplatform.reports import services
from cityplatform.reports.kinds import ReportKind, all_kinds, deadline_for, default_kind, due_at
from cityplatform.reports.models import Channel, DailyReport
from cityplatform.reports.permissions import may_use_reports
from cityplatform.reports.schemas import (
    ApprovedOut,
    CompletenessOut,
    DayIn,
    DayQuery,
    FileIn,
    FilingOut,
    GridOut,
    GridQuery,
    KindOut,
    ReportDetailOut,
    ReportFilters,
    ReportOut,
    TownCode,
    TownDayOut,
    VillageOut,
    ZeroIn,
    tally_out,
)
from cityplatform.reports.selectors import reports as selectors
from cityplatform.reports.selectors.completeness import (
    Tally,
    completeness_by_town,
    completeness_grid,
    month_end,
    villages_missing,
)
from cityplatform.reports.services.common import kind_get

router = Router(tags=["reports"], auth=api_auth)


def _user(request: HttpRequest) -> Any:
    if not may_use_reports(request.user):
        raise PermissionDenied(_("Daily reports are for village, town and county staff."))
    return request.user


def _kind(code: str | None) -> ReportKind:
    if code:
        return kind_get(code)
    kind = default_kind()
    if kind is None:
        raise Http404
    return kind


def _place(request: HttpRequest, code: str | None) -> Place | None:
    return selectors.place_get_visible(request.user, code) if code else None


@router.get("/daily/kinds", response=list[KindOut])
def kinds(request: HttpRequest) -> list[dict[str, Any]]:
    _user(request)
    return [
        {
            "code": k.code,
            "label": str(k.label),
            "fields": [{"name": f.name, "label": str(f.label)} for f in k.fields],
            "deadline": deadline_for(k).strftime("%H:%M"),
        }
        for k in all_kinds()
    ]


@router.get("/daily/completeness", response=CompletenessOut)
def completeness(request: HttpRequest, query: Query[DayQuery]) -> dict[str, Any]:
    """Per town: villages expected, reported on time, late, and missing (not filed)."""
    user = _user(request)
    kind = _kind(query.kind)
    prefix = selectors.scope_prefix(user, _place(request, query.place))
    towns = completeness_by_town(kind=kind, prefix=prefix, day=query.date)
    total = sum((t.tally for t in towns), start=Tally())
    deadline = due_at(kind, query.date)
    return {
        "kind": kind.code,
        "date": query.date,
        "deadline": deadline,
        "deadline_passed": timezone.now() > deadline,
        "towns": [
            {
                "code": t.town.code,
                "name": t.town.name,
                "approved_by_county": t.county_approved,
                **tally_out(t.tally),
            }
            for t in towns
        ],
        "total": tally_out(total),
    }


@router.get("/daily/missing", response=list[VillageOut])
def missing(request: HttpRequest, query: Query[DayQuery]) -> list[dict[str, str]]:
    user = _user(request)
    kind = _kind(query.kind)
    prefix = selectors.scope_prefix(user, _place(request, query.place))
    return [
        {
            "code": v.code,
            "name": v.name,
            "town_code": v.parent_id or "",
            "town_name": v.parent.name if v.parent else "",
        }
        for v in villages_missing(kind=kind, prefix=prefix, day=query.date)
    ]


@router.get("/daily/grid", response=GridOut)
def grid(request: HttpRequest, query: Query[GridQuery]) -> dict[str, Any]:
    user = _user(request)
    kind = _kind(query.kind)
    place = _place(request, query.place) or selectors.home_place(user)
    if place is None:
        raise Http404
    if place.level >= Place.Level.VILLAGE:
        raise DomainError(
            "not_a_unit", _("A grid is for a town or a county, not a village."), status=422
        )
    first = dt.date.fromisoformat(f"{query.month}-01")
    result = completeness_grid(kind=kind, place=place, start=first, end=month_end(first))

    def cell(c: Any) -> dict[str, Any]:
        return {
            "date": c.day,
            "state": c.state,
            "approved_by_county": c.county_approved,
            **tally_out(c.tally),
        }

    return {
        "kind": kind.code,
        "place": place.code,
        "month": query.month,
        "rows": [
            {"code": r.place.code, "name": r.place.name, "cells": [cell(c) for c in r.cells]}
            for r in result.rows
        ],
        "totals": [cell(c) for c in result.day_totals],
    }


@router.get("/daily/reports", response=list[ReportOut])
@paginate(Pagination)
def reports(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    user = _user(request)
    kind = _kind(filters.kind)
    return selectors.report_list(
        user, kind=kind, day=filters.date, place=_place(request, filters.place)
    )


@router.post("/daily/reports/zero", response={200: FilingOut, 201: FilingOut})
def file_zero(request: HttpRequest, payload: ZeroIn) -> Status[dict[str, Any]]:
    """One tap: a zero report for today (or `date`); 409 when figures are already filed."""
    user = _user(request)
    result = services.report_file_zero(
        actor=user,
        kind=_kind(payload.kind),
        village=_village(request, payload.village),
        day=payload.date,
        channel=Channel.API,
    )
    return _filing(result)


@router.get("/daily/reports/{report_id}", response=ReportDetailOut)
def report(request: HttpRequest, report_id: int) -> DailyReport:
    user = _user(request)
    return selectors.report_get_visible(user, report_id)


def _village(request: HttpRequest, code: str) -> Place:
    village = Place.objects.filter(code=code).first()
    if village is None:
        raise DomainError("unknown_village", _("There is no village with this code."), status=404)
    return village


def _filing(result: services.FilingResult) -> Status[dict[str, Any]]:
    report = selectors.report_find(
        _kind(result.report.kind), result.report.village, result.report.day
    )
    body = {
        "report": report,
        "created": result.created,
        "changed": result.changed,
        "reopened": result.reopened,
    }
    return Status(201 if result.created else 200, body)


@router.post("/daily/reports", response={200: FilingOut, 201: FilingOut})
def file_report(request: HttpRequest, payload: FileIn) -> Status[dict[str, Any]]:
    """File figures for a day; filing again for that day is a correction (201 first, 200 after)."""
    user = _user(request)
    result = services.report_file(
        actor=user,
        kind=_kind(payload.kind),
        village=_village(request, payload.village),
        day=payload.date,
        values=payload.values,
        channel=Channel.API,
        reason=payload.reason,
    )
    return _filing(result)


@router.post("/daily/reports/{report_id}/approve", response=ReportOut)
def approve_report(request: HttpRequest, report_id: int) -> DailyReport:
    user = _user(request)
    report = selectors.report_get_visible(user, report_id)
    services.report_approve(actor=user, report=report)
    return selectors.report_get_visible(user, report_id)


def _town(request: HttpRequest, code: str) -> Place:
    town = selectors.place_get_visible(request.user, code)
    if town.level != Place.Level.TOWN:
        raise Http404
    return town


@router.post("/daily/towns/{code}/approve", response=ApprovedOut)
def approve_town_day(request: HttpRequest, code: TownCode, payload: DayIn) -> dict[str, int]:
    user = _user(request)
    count = services.town_day_approve(
        actor=user, kind=_kind(payload.kind), town=_town(request, code), day=payload.date
    )
    return {"approved": count}


@router.post("/daily/towns/{code}/county-approve", response=TownDayOut)
def approve_for_county(request: HttpRequest, code: TownCode, payload: DayIn) -> dict[str, Any]:
    user = _user(request)
    town_day = services.county_day_approve(
        actor=user, kind=_kind(payload.kind), town=_town(request, code), day=payload.date
    )
    return {
        "kind": town_day.kind,
        "town": town_day.town_id,
        "date": town_day.day,
        "approved_by_county": town_day.is_approved,
        "approved_at": town_day.county_approved_at,
    }
