from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

ROLES = [
    Role(
        "provider_staff",
        _("Provider staff"),
        permissions=[],
        description=_(
            "Works the service requests of the providers they are staff of, in the "
            "console at /services/console/; no admin access."
        ),
    ),
    Role(
        "directory_admin",
        _("Life services administrator"),
        permissions=[
            "directory.view_servicecategory",
            "directory.add_servicecategory",
            "directory.change_servicecategory",
            "directory.delete_servicecategory",
            "directory.view_provider",
            "directory.add_provider",
            "directory.change_provider",
            "directory.view_providerstaff",
            "directory.add_providerstaff",
            "directory.change_providerstaff",
            "directory.delete_providerstaff",
            "directory.view_servicerequest",
            "directory.view_servicerequestnote",
        ],
        description=_(
            "Manages categories, providers and their staff in the admin, inside their "
            "jurisdiction; reads service requests there."
        ),
    ),
]
