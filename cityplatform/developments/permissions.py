"""Who may do what with developments, inside their jurisdiction:

- `developments_editor` keeps developments, unit types and photos and moves the sale
  status; enquiries (personal data) are not theirs to see;
- `enquiry_handler` calls buyers back: sees enquiries with full phone numbers and
  marks them contacted or closed.

A superuser holds every role. `actor` None is the platform itself (the demo).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import place_visible_to

EDITOR_ROLE = "developments_editor"
HANDLER_ROLE = "enquiry_handler"


def _active(user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
    )


def is_editor(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(EDITOR_ROLE))


def is_handler(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.has_role(HANDLER_ROLE))


def require_editor(actor: Any, place_code: str | None) -> None:
    if actor is None:
        return
    if not is_editor(actor) or not place_visible_to(actor, place_code):
        raise PermissionDenied(_("Only a developments editor of this district may do this."))


def require_handler(actor: Any, place_code: str | None) -> None:
    if actor is None:
        return
    if not is_handler(actor) or not place_visible_to(actor, place_code):
        raise PermissionDenied(_("Only an enquiry handler of this district may do this."))
