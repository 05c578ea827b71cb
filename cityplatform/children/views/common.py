"""What every registry page shares: the role check, audit of reads, form pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.children.access import require_registry_user
from cityplatform.children.models import (
    Assistance,
    CareArrangement,
    Category,
    Child,
    ChildEvent,
    ClosedReason,
    CounsellingSession,
    Guardian,
    Guardianship,
    Sex,
    Urgency,
    Visit,
)

View = Callable[..., HttpResponse]


def registry_view(view: View) -> View:
    """Logged in (else the login page) and a registry role (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_registry_user(request.user)
        response = view(request, *args, **kwargs)
        # Children's data stays out of every cache, the browser's included.
        patch_cache_control(response, no_store=True, private=True)
        return response

    return login_required(wrapper)


def audit_child_read(request: HttpRequest, child: Child, **detail: Any) -> None:
    audit_record(action=Action.VIEW, obj=child, request=request, detail=detail)


def form_page(
    request: HttpRequest,
    *,
    title: str,
    form: forms.BaseForm,
    child: Child | None = None,
    formset: Any = None,
    status: int = 200,
    submit: str = "",
) -> HttpResponse:
    return render(
        request,
        "children/form_page.html",
        {
            "title": title,
            "form": form,
            "formset": formset,
            "child": child,
            "submit": submit or _("Save"),
        },
        status=status,
    )


# Codes stored in history, shown by their labels.
_LABELS: dict[str, dict[str, str]] = {
    "guardianship": {k: str(v) for k, v in Guardianship.choices},
    "sex": {k: str(v) for k, v in Sex.choices},
    "relation": {k: str(v) for k, v in Guardian.Relation.choices},
    "situation": {k: str(v) for k, v in Guardian.Situation.choices},
    "kind": {k: str(v) for k, v in CareArrangement.Kind.choices},
    "mode": {k: str(v) for k, v in CounsellingSession.Mode.choices},
    "visitor_kind": {k: str(v) for k, v in Visit.VisitorKind.choices},
    "urgency": {k: str(v) for k, v in Urgency.choices},
    "closed_reason": {k: str(v) for k, v in ClosedReason.choices},
}
_CATEGORY_LABELS = {k: str(v) for k, v in Category.choices}


def _field_label(field: str) -> str:
    special = {
        "categories": _("Categories"),
        "guardians": _("Guardians"),
        "items": _("Items"),
        "reopen_reason": _("Reason for reopening"),
    }
    if field in special:
        return str(special[field])
    for model in (Child, Guardian, CareArrangement, Visit, CounsellingSession, Assistance):
        try:
            found = model._meta.get_field(field)
        except FieldDoesNotExist:
            continue
        if not found.is_relation or found.concrete:
            return str(getattr(found, "verbose_name", field))
    return field


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "categories" and isinstance(value, list):
        return "、".join(_CATEGORY_LABELS.get(v, str(v)) for v in value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return _LABELS.get(field, {}).get(str(value), str(value))


def describe_changes(event: ChildEvent) -> list[dict[str, str]]:
    """Lines of an event for the timeline: field label, before, after."""
    lines = []
    for field, change in event.changes.items():
        if field == "id_number":
            lines.append({"field": _("ID number"), "from": "", "to": _("changed")})
            continue
        if not isinstance(change, dict):
            lines.append({"field": _field_label(field), "from": "", "to": _shown(field, change)})
            continue
        lines.append(
            {
                "field": _field_label(field),
                "from": _shown(field, change["from"]) if "from" in change else "",
                "to": _shown(field, change.get("to")),
            }
        )
    return lines
