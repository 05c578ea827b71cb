"""Writes for buyers' demands (购房需求): register, change, pause/close/reopen, assign.

Every criterion is checked at once (a ValidationError names each bad field) before
anything is written; the demand, its places, its match keys, its history and the
audit entry are then written in one transaction. A demand's match keys
(DemandMatchKey) are rebuilt with every change and exist only while it is open.
"""

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.housing.matching.criteria import feature_terms, keyword_terms, types_mask
from cityplatform.housing.models import (
    DEMAND_TRANSITIONS,
    BuyerDemand,
    Community,
    DemandEvent,
    DemandMatchKey,
    DemandSource,
    DemandStatus,
)
from cityplatform.housing.models.demands import (
    ANYWHERE,
    OPEN_BOUNDS,
    community_scope,
    named_bounds,
    place_scope,
)
from cityplatform.housing.permissions import is_housing_staff
from cityplatform.housing.services.common import (
    Errors,
    add_error,
    clean_note,
    raise_if,
    require_staff,
)
from cityplatform.housing.services.demand_values import CRITERIA_FIELDS, clean_demand
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU


def _demand_place(districts: list[Place], communities: list[Community]) -> str:
    """The one district all named places lie in, else 株洲市."""
    codes = {p.code for p in districts} | {c.place_id for c in communities}
    return codes.pop() if len(codes) == 1 else ZHUZHOU


def _match_terms(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "features": feature_terms(values["features"]),
        "keywords": keyword_terms(values["keywords"]),
    }


def demand_keys_rebuild(demand: BuyerDemand) -> None:
    """Replace the demand's match keys; an open demand gets one per place it names.

    Call inside the transaction that changed the demand (its row locked or new).
    """
    DemandMatchKey.objects.filter(demand=demand).delete()
    if demand.status != DemandStatus.OPEN:
        return
    scopes = [place_scope(p.pk) for p in demand.districts.all()]
    scopes += [community_scope(c.pk) for c in demand.communities.all()]
    bounds = {
        "budget_min": demand.budget_min_yuan,
        "budget_max": demand.budget_max_yuan,
        "bedrooms_min": demand.bedrooms_min,
        "bedrooms_max": demand.bedrooms_max,
        "area_min": demand.area_min_m2,
        "area_max": demand.area_max_m2,
    }
    values = {k: OPEN_BOUNDS[k] if v is None else v for k, v in bounds.items()}
    shared = {
        "building_types": types_mask(demand.building_types),
        "named": named_bounds(bounds),
        "terms": json.dumps(demand.match_terms, ensure_ascii=False),
    }
    DemandMatchKey.objects.bulk_create(
        DemandMatchKey(demand=demand, scope=scope, **shared, **values)
        for scope in scopes or [ANYWHERE]
    )


def _event(demand: BuyerDemand, actor: Any, from_status: str, note: str = "") -> None:
    DemandEvent.objects.create(
        demand=demand,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=demand.status,
        note=note,
    )


def demand_register(
    *,
    actor: Any = None,
    source: str = DemandSource.ONLINE,
    assigned_to: Any = None,
    **criteria: Any,
) -> BuyerDemand:
    """A new open demand: the buyer's own (online, `actor` None) or taken by staff on the
    phone (`source` "phone", `actor` the staff member, who is assigned unless
    `assigned_to` names another). Keyword arguments are CRITERIA_FIELDS."""
    unknown = set(criteria) - set(CRITERIA_FIELDS)
    if unknown:
        raise TypeError(f"demand_register got unknown fields: {sorted(unknown)}")
    if source not in DemandSource.values:
        raise ValidationError({"source": [_("Choose one of the listed values.")]})
    values = clean_demand(criteria)
    place = _demand_place(values["districts"], values["communities"])
    if source == DemandSource.PHONE or actor is not None:
        # Staff take demands inside their own jurisdiction.
        require_staff(actor, place)
        if actor is None:
            raise PermissionDenied(_("A demand taken by phone needs the staff member who took it."))
    if assigned_to is None and source == DemandSource.PHONE:
        assigned_to = actor
    if assigned_to is not None:
        _check_assignee(assigned_to, place)
    districts, communities = values.pop("districts"), values.pop("communities")
    demand = BuyerDemand(
        place_id=place,
        source=source,
        taken_by=actor if source == DemandSource.PHONE else None,
        assigned_to=assigned_to,
        match_terms=_match_terms(values),
        **values,
    )
    with transaction.atomic():
        demand.save()
        demand.districts.set(districts)
        demand.communities.set(communities)
        demand_keys_rebuild(demand)
        _event(
            demand,
            actor,
            "",
            gettext("Registered (%(source)s).") % {"source": demand.get_source_display()},
        )
        audit_record(action=Action.CREATE, actor=actor, obj=demand, detail={"source": source})
    return demand


def _check_assignee(staff: Any, place: str) -> None:
    if not is_housing_staff(staff) or not place_visible_to(staff, place):
        raise ValidationError(
            {"assigned_to": [_("Assign the demand to housing staff of its district.")]}
        )


def _lock(demand: BuyerDemand) -> BuyerDemand:
    return BuyerDemand.objects.select_for_update(of=("self",)).get(pk=demand.pk)


def _copy_back(target: BuyerDemand, source: BuyerDemand) -> None:
    for field in BuyerDemand._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def demand_update(*, demand: BuyerDemand, actor: Any, **changes: Any) -> BuyerDemand:
    """Change any of CRITERIA_FIELDS (staff only, in the demand's district)."""
    unknown = set(changes) - set(CRITERIA_FIELDS)
    if unknown:
        raise TypeError(f"demand_update got unknown fields: {sorted(unknown)}")
    require_staff(actor, demand.place_id)
    if actor is None:
        raise PermissionDenied(_("Only housing staff of this district may do this."))
    current: dict[str, Any] = {
        f: getattr(demand, f) for f in CRITERIA_FIELDS if f not in ("districts", "communities")
    }
    current["districts"] = list(demand.districts.all())
    current["communities"] = list(demand.communities.all())
    values = clean_demand({**current, **changes})
    place = _demand_place(values["districts"], values["communities"])
    require_staff(actor, place)
    districts, communities = values.pop("districts"), values.pop("communities")
    with transaction.atomic():
        locked = _lock(demand)
        for field, value in values.items():
            setattr(locked, field, value)
        locked.place_id = place
        locked.match_terms = _match_terms(values)
        locked.save()
        locked.districts.set(districts)
        locked.communities.set(communities)
        demand_keys_rebuild(locked)
        _event(
            locked,
            actor,
            locked.status,
            gettext("Changed: %(fields)s") % {"fields": ", ".join(sorted(changes))},
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"fields": sorted(changes)}
        )
    _copy_back(demand, locked)
    return locked


def demand_set_status(
    *, demand: BuyerDemand, actor: Any, status: str, note: str = ""
) -> BuyerDemand:
    """Pause, reopen, mark satisfied (the buyer found a home) or close a demand."""
    errors: Errors = {}
    text = clean_note(errors, note)
    if status not in DemandStatus.values:
        add_error(errors, "status", _("Choose one of the listed values."), "invalid_choice")
    raise_if(errors)
    require_staff(actor, demand.place_id)
    with transaction.atomic():
        locked = _lock(demand)
        if status not in DEMAND_TRANSITIONS[locked.status]:
            raise DomainError(
                "invalid_transition",
                gettext("A demand that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": DemandStatus(locked.status).label,
                    "to": DemandStatus(status).label,
                },
                status=409,
                current_status=locked.status,
            )
        from_status = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        demand_keys_rebuild(locked)
        _event(locked, actor, from_status, text)
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"from_status": from_status, "to_status": status},
        )
    _copy_back(demand, locked)
    return locked


def demand_assign(*, demand: BuyerDemand, actor: Any, staff: Any) -> BuyerDemand:
    """Give the demand to a staff member (None: nobody) of its district."""
    require_staff(actor, demand.place_id)
    if staff is not None:
        _check_assignee(staff, demand.place_id)
    with transaction.atomic():
        locked = _lock(demand)
        locked.assigned_to = staff
        locked.save(update_fields=["assigned_to", "updated_at"])
        note = (
            gettext("Assigned to %(name)s.") % {"name": staff.get_username()}
            if staff is not None
            else gettext("Unassigned.")
        )
        _event(locked, actor, locked.status, note)
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"assigned_to": getattr(staff, "pk", None)},
        )
    _copy_back(demand, locked)
    return locked
