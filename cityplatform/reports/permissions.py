"""Who may do what with daily reports. Roles say what; the jurisdiction says where.

- a reporter files for the village that is their jurisdiction;
- a reviewer (town) or officer (county) files on behalf of any village inside theirs;
- a reviewer approves the villages' reports of a town inside their jurisdiction;
- an officer whose jurisdiction is a county or wider approves a town's day.
A superuser holds every role.
"""

from typing import Any

from cityplatform.accounts.jurisdiction import jurisdiction_prefix, place_visible_to
from cityplatform.places.models import Place
from cityplatform.reports.roles import OFFICER, REPORTER, REVIEWER


def _active(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def has_role(user: Any, *codes: str) -> bool:
    if not _active(user):
        return False
    return bool(user.is_superuser or any(user.has_role(code) for code in codes))


def may_use_reports(user: Any) -> bool:
    """Any daily-report role: the pages and the API exist for these users only."""
    return has_role(user, REPORTER, REVIEWER, OFFICER)


def may_file_for(user: Any, village: Place) -> bool:
    if village.level != Place.Level.VILLAGE or not place_visible_to(user, village.code):
        return False
    if has_role(user, REVIEWER, OFFICER):
        return True
    return has_role(user, REPORTER) and user.jurisdiction_id == village.code


def files_on_behalf(user: Any, village: Place) -> bool:
    """Filed by someone other than the village itself: recorded as on its behalf."""
    return bool(user.is_superuser or user.jurisdiction_id != village.code)


def may_approve_for_town(user: Any, town: Place) -> bool:
    return (
        town.level == Place.Level.TOWN
        and place_visible_to(user, town.code)
        and has_role(user, REVIEWER)
    )


def may_approve_for_county(user: Any, town: Place) -> bool:
    """The county approves a town's day; a town's own staff never approve it themselves."""
    if town.level != Place.Level.TOWN or not has_role(user, OFFICER):
        return False
    prefix = jurisdiction_prefix(user)
    return prefix is not None and town.code.startswith(prefix) and len(prefix) < len(town.prefix)
