from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

_RECORDING = [
    "volunteers.view_organization",
    "volunteers.view_skill",
    "volunteers.view_volunteer",
    "volunteers.add_volunteer",
    "volunteers.change_volunteer",
    "volunteers.view_membership",
    "volunteers.add_membership",
    "volunteers.change_membership",
    "volunteers.view_activity",
    "volunteers.add_activity",
    "volunteers.change_activity",
    "volunteers.view_activityoutput",
    "volunteers.add_activityoutput",
    "volunteers.change_activityoutput",
    "volunteers.delete_activityoutput",
    "volunteers.view_servicerecord",
    "volunteers.add_servicerecord",
    "volunteers.view_certificate",
]

ROLES = [
    Role(
        "volunteer_admin",
        _("Volunteer services administrator"),
        permissions=[
            *_RECORDING,
            "volunteers.add_organization",
            "volunteers.change_organization",
            "volunteers.view_organizationstaff",
            "volunteers.add_organizationstaff",
            "volunteers.delete_organizationstaff",
            "volunteers.add_skill",
            "volunteers.change_skill",
            "volunteers.delete_servicerecord",
        ],
        description=_(
            "The civil affairs bureau's officer for social organisations and volunteers "
            "(三社联动): registers organisations and their staff, and records volunteers, "
            "activities and service for every organisation inside their jurisdiction."
        ),
    ),
    Role(
        "volunteer_org_staff",
        _("Social organisation staff"),
        permissions=_RECORDING,
        description=_(
            "Records the volunteers, activities, outputs and service records of their own "
            "social organisation, and imports service records from a spreadsheet."
        ),
    ),
]
