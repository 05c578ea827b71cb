"""Who works with the registry. Where they may work is their jurisdiction (a village for a
儿童主任, a town for a 儿童督导员, the county for bureau and protection-centre staff)."""

from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

_READ_ONLY_ADMIN = [
    "children.view_child",
    "children.view_guardian",
    "children.view_carearrangement",
    "children.view_visit",
    "children.view_hotlinecall",
]

ROLES = [
    Role(
        "child_director",
        _("Children's director (village)"),
        description=_(
            "儿童主任: registers and looks after the children of their village or community."
        ),
    ),
    Role(
        "child_supervisor",
        _("Children's supervisor (town)"),
        description=_("儿童督导员: supervises the children's directors and children of a town."),
    ),
    Role(
        "child_bureau",
        _("Civil affairs bureau staff (children)"),
        permissions=_READ_ONLY_ADMIN,
        description=_(
            "Bureau staff: the whole county's registry; may see full ID numbers (audited)."
        ),
    ),
    Role(
        "child_centre",
        _("Minors' protection centre staff"),
        permissions=_READ_ONLY_ADMIN,
        description=_(
            "未成年人救助保护中心: takes on fallback guardianship; may see full ID numbers "
            "(audited)."
        ),
    ),
]
