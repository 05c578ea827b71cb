"""Registry API, mounted at /api/children/. Every endpoint needs a token or a session and
a registry role, and sees only the user's jurisdiction: a record outside it is 404.

Closing a record (`/children/{id}/close`, the child left the registry) and reopening it
(`/children/{id}/reopen`) are writes like the others; lists leave closed records out
unless `status=closed` or `status=all`.

Name and ID-number search is a POST (`/search`), so neither ends up in a URL or an
access log. Reads of one child, the ID reveal and exports are audited like the pages.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from cityplatform.accounts.auth import api_auth
from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.audit.services import Action, audit_record
from cityplatform.children import selectors, services
from cityplatform.children.access import may_see_full_id, registry_get_or_404, require_registry_user
from cityplatform.children.models import CareArrangement, Child, Guardian, Visit
from cityplatform.children.selectors import ChildFilters
from cityplatform.children.summary import case_summary
from cityplatform.core.pagination import Pagination
from cityplatform.places.models import Place

from .schemas import (
    ArrangementIn,
    AssistanceIn,
    CallIn,
    CallOut,
    ChildFiltersIn,
    ChildIn,
    ChildListOut,
    ChildOut,
    ChildPatch,
    CloseIn,
    CounsellingIn,
    CreatedOut,
    DashboardOut,
    EndIn,
    EventOut,
    GuardianIn,
    GuardianPatch,
    IdNumberOut,
    ReopenIn,
    RespondIn,
    SearchIn,
    SummaryOut,
    VisitIn,
)

router = Router(tags=["children"], auth=api_auth)

SEARCH_LIMIT = 100


def _place(code: str | None, field: str) -> Place | None:
    if code is None or code == "":
        return None
    valid = len(code) == 12 and code.isascii() and code.isdigit()
    place = Place.objects.filter(pk=code).first() if valid else None
    if place is None:
        raise ValidationError({field: [_("Unknown place.")]})
    return place


def _filters(
    filters: ChildFiltersIn | SearchIn, request: HttpRequest, **extra: Any
) -> ChildFilters:
    place = _place(filters.place, "place")
    if place is not None and not place_visible_to(request.user, place.code):
        raise Http404
    values: dict[str, Any] = {"place": place, **extra}
    if isinstance(filters, ChildFiltersIn):
        values.update(
            category=filters.category or "",
            guardianship=filters.guardianship or "",
            alarm_only=filters.alarm,
            status=filters.status or "",
        )
    return ChildFilters(**values)


def _child(request: HttpRequest, child_id: int) -> Child:
    return selectors.child_get(user=request.user, pk=child_id)


@router.get("/children", response=list[ChildListOut])
@paginate(Pagination)
def child_list(request: HttpRequest, filters: Query[ChildFiltersIn]) -> object:
    return selectors.child_search(user=request.user, filters=_filters(filters, request))


@router.post("/search", response=list[ChildListOut])
def child_search(request: HttpRequest, payload: SearchIn) -> list[Child]:
    """By name (contains) inside the jurisdiction, or by exact ID number; at most 100."""
    found = list(
        selectors.child_search(
            user=request.user,
            filters=_filters(payload, request, q=payload.q, id_number=payload.id_number),
        )[:SEARCH_LIMIT]
    )
    audit_record(
        action=Action.SEARCH,
        object_type=Child._meta.label_lower,
        request=request,
        detail={"by": "id_number" if payload.id_number else "name", "hits": len(found)},
    )
    return found


@router.post("/children", response={201: CreatedOut})
def child_register(request: HttpRequest, payload: ChildIn) -> Status[Child]:
    require_registry_user(request.user)
    data = payload.dict()
    child = services.child_register(
        actor=request.user,
        village=_place(data.pop("village_code"), "village"),
        guardians=[services.GuardianInput(**g) for g in data.pop("guardians")],
        **data,
    )
    return Status(201, child)


@router.get("/children/{child_id}", response=ChildOut)
def child_detail(request: HttpRequest, child_id: int) -> Child:
    child = _child(request, child_id)
    audit_record(action=Action.VIEW, obj=child, request=request, detail={"via": "api"})
    return child


@router.patch("/children/{child_id}", response=ChildOut)
def child_update(request: HttpRequest, child_id: int, payload: ChildPatch) -> Child:
    child = _child(request, child_id)
    changes = payload.dict(exclude_unset=True)
    if "village_code" in changes:
        changes["village"] = _place(changes.pop("village_code"), "village")
    for field in list(changes):
        if changes[field] is None and field != "village":
            changes.pop(field)
    services.child_update(actor=request.user, child=child, **changes)
    return _child(request, child_id)


@router.post("/children/{child_id}/close", response=ChildOut)
def child_close(request: HttpRequest, child_id: int, payload: CloseIn) -> Child:
    """The child left the registry: reason (turned_18, moved_out, guardianship_restored,
    deceased, other with a note) and day; 409 when already closed."""
    services.child_close(
        actor=request.user,
        child=_child(request, child_id),
        reason=payload.reason,
        closed_on=payload.closed_on,
        note=payload.note,
    )
    return _child(request, child_id)


@router.post("/children/{child_id}/reopen", response=ChildOut)
def child_reopen(request: HttpRequest, child_id: int, payload: ReopenIn) -> Child:
    """The child is back in the registry; 409 when the record is not closed."""
    services.child_reopen(
        actor=request.user, child=_child(request, child_id), reason=payload.reason
    )
    return _child(request, child_id)


@router.get("/children/{child_id}/history", response=list[EventOut])
def child_history(request: HttpRequest, child_id: int) -> list[Any]:
    child = _child(request, child_id)
    audit_record(action=Action.VIEW, obj=child, request=request, detail={"view": "history"})
    return list(selectors.child_history(child)[:500])


@router.post("/children/{child_id}/id-number", response=IdNumberOut)
def child_id_number(request: HttpRequest, child_id: int) -> dict[str, Any]:
    """The full ID number, for bureau and protection-centre staff; audited."""
    child = _child(request, child_id)
    if not may_see_full_id(request.user):
        raise PermissionDenied(_("Your role may not see full ID numbers."))
    audit_record(action=Action.VIEW, obj=child, request=request, detail={"field": "id_number"})
    return {"id": child.pk, "id_number": child.id_number}


@router.get("/children/{child_id}/summary", response=SummaryOut)
def child_summary(request: HttpRequest, child_id: int, pseudonym: str = "欢欢") -> dict[str, str]:
    child = _child(request, child_id)
    pseudonym = pseudonym.strip()[:16] or "欢欢"
    audit_record(action=Action.VIEW, obj=child, request=request, detail={"view": "summary"})
    return {"pseudonym": pseudonym, "summary": case_summary(child, pseudonym=pseudonym)}


@router.post("/children/{child_id}/guardians", response={201: CreatedOut})
def guardian_add(request: HttpRequest, child_id: int, payload: GuardianIn) -> Status[Guardian]:
    guardian = services.guardian_add(
        actor=request.user, child=_child(request, child_id), **payload.dict()
    )
    return Status(201, guardian)


@router.patch("/guardians/{guardian_id}", response=CreatedOut)
def guardian_update(request: HttpRequest, guardian_id: int, payload: GuardianPatch) -> Guardian:
    guardian = registry_get_or_404(
        Guardian.objects.select_related("child"), request.user, pk=guardian_id
    )
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.guardian_update(actor=request.user, guardian=guardian, **changes)


@router.post("/children/{child_id}/arrangements", response={201: CreatedOut})
def arrangement_start(
    request: HttpRequest, child_id: int, payload: ArrangementIn
) -> Status[CareArrangement]:
    arrangement = services.arrangement_start(
        actor=request.user, child=_child(request, child_id), **payload.dict()
    )
    return Status(201, arrangement)


@router.post("/arrangements/{arrangement_id}/end", response=CreatedOut)
def arrangement_end(request: HttpRequest, arrangement_id: int, payload: EndIn) -> CareArrangement:
    arrangement = registry_get_or_404(
        CareArrangement.objects.select_related("child"), request.user, pk=arrangement_id
    )
    return services.arrangement_end(
        actor=request.user, arrangement=arrangement, ends_on=payload.ends_on, reason=payload.reason
    )


@router.post("/children/{child_id}/visits", response={201: CreatedOut})
def visit_record(request: HttpRequest, child_id: int, payload: VisitIn) -> Status[Visit]:
    visit = services.visit_record(
        actor=request.user, child=_child(request, child_id), **payload.dict()
    )
    return Status(201, visit)


@router.post("/visits/{visit_id}/follow-up-done", response=CreatedOut)
def follow_up_done(request: HttpRequest, visit_id: int) -> Visit:
    visit = registry_get_or_404(Visit.objects.select_related("child"), request.user, pk=visit_id)
    return services.follow_up_complete(actor=request.user, visit=visit)


@router.post("/children/{child_id}/counselling", response={201: CreatedOut})
def counselling_record(request: HttpRequest, child_id: int, payload: CounsellingIn) -> Status[Any]:
    session = services.counselling_record(
        actor=request.user, child=_child(request, child_id), **payload.dict()
    )
    return Status(201, session)


@router.post("/children/{child_id}/assistance", response={201: CreatedOut})
def assistance_record(request: HttpRequest, child_id: int, payload: AssistanceIn) -> Status[Any]:
    data = payload.dict()
    assistance = services.assistance_record(
        actor=request.user,
        child=_child(request, child_id),
        given_on=data["given_on"],
        given_by=data["given_by"],
        items=[services.ItemInput(**item) for item in data["items"]],
        cash_amount=data["cash_amount"],
        cash_purpose=data["cash_purpose"],
        note=data["note"],
    )
    return Status(201, assistance)


@router.get("/export", response={200: None})
def export(request: HttpRequest, filters: Query[ChildFiltersIn]) -> HttpResponse:
    """The XLSX of the children matching the filters; audited."""
    content, _rows = services.children_export(
        actor=request.user, filters=_filters(filters, request), request=request
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="children.xlsx"'
    return response


@router.get("/dashboard", response=DashboardOut)
def dashboard(request: HttpRequest, place: str | None = None) -> dict[str, Any]:
    require_registry_user(request.user)
    chosen = _place(place, "place")
    if chosen is None:
        if request.user.jurisdiction_id is None:  # type: ignore[union-attr]
            raise ValidationError({"place": [_("Give the place.")]})
        chosen = Place.objects.get(pk=request.user.jurisdiction_id)  # type: ignore[union-attr]
    if not place_visible_to(request.user, chosen.code):
        raise Http404
    board = selectors.dashboard_for(chosen)
    return {
        "place_code": chosen.code,
        "place_name": chosen.name,
        "total": board.total,
        "by_category": board.by_category,
        "lacking": board.lacking,
        "alarm_child_ids": [c.pk for c in board.alarms],
        "overdue_follow_up_visit_ids": [v.pk for v in board.overdue],
        "open_call_ids": [c.pk for c in board.calls],
        "median_response_minutes": board.median_response_minutes,
        "rows": [
            {
                "code": row.place.code,
                "name": row.place.name,
                "children": row.children,
                "lacking": row.lacking,
                "alarms": row.alarms,
                "overdue_follow_ups": row.overdue_follow_ups,
                "open_calls": row.open_calls,
            }
            for row in board.rows
        ],
    }


@router.get("/hotline/calls", response=list[CallOut])
@paginate(Pagination)
def hotline_calls(request: HttpRequest, open_only: bool = False) -> object:
    return selectors.hotline_calls_for(request.user, open_only=open_only)


@router.post("/hotline/calls", response={201: CallOut})
def hotline_call_log(request: HttpRequest, payload: CallIn) -> Status[Any]:
    require_registry_user(request.user)
    child = None
    if payload.child_id is not None:
        child = selectors.child_get(user=request.user, pk=payload.child_id)
    call = services.hotline_call_log(
        actor=request.user,
        concern=payload.concern,
        urgency=payload.urgency,
        place=_place(payload.place_code, "place"),
        child=child,
        caller_name=payload.caller_name,
        caller_phone=payload.caller_phone,
        received_at=payload.received_at,
    )
    return Status(201, call)


@router.get("/hotline/calls/{call_id}", response=CallOut)
def hotline_call(request: HttpRequest, call_id: int) -> Any:
    call = selectors.hotline_call_get(user=request.user, pk=call_id)
    audit_record(action=Action.VIEW, obj=call, request=request, detail={"via": "api"})
    return call


@router.post("/hotline/calls/{call_id}/respond", response=CallOut)
def hotline_call_respond(request: HttpRequest, call_id: int, payload: RespondIn) -> Any:
    call = selectors.hotline_call_get(user=request.user, pk=call_id)
    return services.hotline_call_respond(actor=request.user, call=call, note=payload.note)
