"""Writing to the audit log."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from cityplatform.accounts.jurisdiction import place_code_of
from cityplatform.audit.models import AuditEntry

Action = AuditEntry.Action


def _client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, REMOTE_ADDR is set from the trusted X-Forwarded-For by the
    # server (gunicorn --forwarded-allow-ips); we never trust the header directly.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    place_code: str = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the read or change it records.

    `detail` must not carry personal data (names, ID or phone numbers): record ids
    and counts only.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        place_code = place_code or place_code_of(obj) or ""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else username[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        place_code=str(place_code),
        ip_address=_client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:256] if request else ""),
        path=(request.path[:256] if request is not None else ""),
        detail=detail or {},
    )
