"""Who may record what.

- The bureau's volunteer administrator (`volunteer_admin`) works on every organisation
  inside their jurisdiction (a county officer: the whole county).
- An organisation's staff member (`volunteer_org_staff`, linked by OrganizationStaff)
  works on their own organisation(s) only.
- A superuser may do anything. `actor` None in a service is the platform itself (the
  demo, imports run from the shell).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cityplatform.accounts.jurisdiction import can_see, visible_to
from cityplatform.volunteers.models import Organization, OrganizationStaff

ADMIN_ROLE = "volunteer_admin"
ORG_STAFF_ROLE = "volunteer_org_staff"


def _active(user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def is_bureau_admin(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(ADMIN_ROLE))


def staff_organization_ids(user: Any) -> list[int]:
    """The organisations the user is staff of (and holds the staff role for)."""
    if not _active(user) or not user.has_role(ORG_STAFF_ROLE):
        return []
    return list(
        OrganizationStaff.objects.filter(user=user).values_list("organization_id", flat=True)
    )


def organizations_managed_by(user: Any) -> QuerySet[Organization]:
    """Organisations whose volunteers, activities and service the user may record."""
    if is_bureau_admin(user):
        return visible_to(Organization.objects.all(), user)
    return Organization.objects.filter(pk__in=staff_organization_ids(user))


def can_manage(user: Any, organization: Organization) -> bool:
    if is_bureau_admin(user):
        return can_see(user, organization)
    return organization.pk in staff_organization_ids(user)


def require_manage(actor: Any, organization: Organization) -> None:
    if actor is None:
        return
    if not can_manage(actor, organization):
        raise PermissionDenied(
            _(
                "Only the bureau's volunteer administrators and the organisation's staff may do this."
            )
        )


def require_bureau_admin(actor: Any, organization: Organization | None = None) -> None:
    if actor is None:
        return
    if not is_bureau_admin(actor) or (
        organization is not None and not can_see(actor, organization)
    ):
        raise PermissionDenied(_("Only the bureau's volunteer administrators may do this."))
