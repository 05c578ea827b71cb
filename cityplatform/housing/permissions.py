"""Who may work on listings: housing staff (`housing_staff`, `housing_admin`) inside
their jurisdiction. A superuser holds every role."""

from typing import Any

STAFF_ROLE = "housing_staff"
ADMIN_ROLE = "housing_admin"


def is_housing_staff(user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and (user.is_superuser or user.has_role(STAFF_ROLE) or user.has_role(ADMIN_ROLE))
    )
