from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role
from cityplatform.developments.permissions import EDITOR_ROLE, HANDLER_ROLE

ROLES = [
    Role(
        EDITOR_ROLE,
        _("Developments editor"),
        permissions=[
            "developments.view_development",
            "developments.add_development",
            "developments.change_development",
            "developments.view_unittype",
            "developments.add_unittype",
            "developments.change_unittype",
            "developments.delete_unittype",
            "developments.view_developmentphoto",
            "developments.add_developmentphoto",
            "developments.change_developmentphoto",
            "developments.delete_developmentphoto",
            "developments.view_salestatusevent",
        ],
        description=_(
            "Keeps new developments (楼盘推介) in the admin: developer, prices, unit types, "
            "photos, promotion period and sale status, inside their jurisdiction."
        ),
    ),
    Role(
        HANDLER_ROLE,
        _("Enquiry handler"),
        permissions=[
            "developments.view_development",
            "developments.view_enquiry",
            "developments.change_enquiry",
            "developments.view_enquiryevent",
        ],
        description=_(
            "Calls back buyers who enquired about a development, in the console at "
            "/developments/console/ or the admin, and marks enquiries contacted or closed, "
            "inside their jurisdiction."
        ),
    ),
]
