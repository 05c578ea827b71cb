"""Who may use the registry, and where.

A registry user has one of the registry roles and a jurisdiction; everything they see
or change is bounded by that jurisdiction (accounts.jurisdiction). Anyone else gets
PermissionDenied (403); a record outside the jurisdiction does not exist for them (404).
"""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from cityplatform.accounts.jurisdiction import (
    get_visible_or_404,
    jurisdiction_prefix,
    place_visible_to,
    visible_to,
)
from cityplatform.places.models import Place

M = TypeVar("M", bound=models.Model)

DIRECTOR = "child_director"
SUPERVISOR = "child_supervisor"
BUREAU = "child_bureau"
CENTRE = "child_centre"
AUDITOR = "auditor"

REGISTRY_ROLES = (DIRECTOR, SUPERVISOR, BUREAU, CENTRE)
# Full ID numbers: the county's bureau and protection-centre staff only.
FULL_ID_ROLES = (BUREAU, CENTRE)
# Fallback guardianship is the protection centre's act (the bureau may record it for them).
FALLBACK_ROLES = (CENTRE, BUREAU)


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_any_role(user: Any, roles: tuple[str, ...]) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return any(user.has_role(code) for code in roles)


def may_use_registry(user: Any) -> bool:
    return has_any_role(user, REGISTRY_ROLES) and jurisdiction_prefix(user) is not None


def may_see_full_id(user: Any) -> bool:
    return may_use_registry(user) and has_any_role(user, FULL_ID_ROLES)


def may_take_fallback_guardianship(user: Any) -> bool:
    return may_use_registry(user) and has_any_role(user, FALLBACK_ROLES)


def may_audit(user: Any) -> bool:
    return has_any_role(user, (AUDITOR,)) and jurisdiction_prefix(user) is not None


def require_registry_user(user: Any) -> None:
    if not may_use_registry(user):
        raise PermissionDenied(_("Only the children's registry staff may do this."))


def registry_visible(qs: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """The records of `qs` inside the user's jurisdiction; 403 for non-registry users."""
    require_registry_user(user)
    return visible_to(qs, user)


def registry_get_or_404(qs: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    require_registry_user(user)
    return get_visible_or_404(qs, user, **lookup)


def require_place(user: Any, place: Place) -> None:
    """A place a registry user may put records in."""
    require_registry_user(user)
    if not place_visible_to(user, place.code):
        raise PermissionDenied(_("This place is outside your jurisdiction."))


def scope_prefix(user: Any) -> str:
    """The code prefix of the user's jurisdiction ("" for everything)."""
    prefix = jurisdiction_prefix(user)
    if prefix is None:
        raise PermissionDenied(_("Only the children's registry staff may do this."))
    return prefix
