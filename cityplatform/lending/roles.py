from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

ROLES = [
    Role(
        "lending_officer",
        _("Credit officer"),
        permissions=[
            "lending.view_product",
            "lending.change_product",
            "lending.view_ratetier",
            "lending.change_ratetier",
            "lending.view_segment",
            "lending.view_organisation",
            "lending.add_organisation",
            "lending.change_organisation",
            "lending.view_prohibitedpurpose",
            "lending.add_prohibitedpurpose",
            "lending.change_prohibitedpurpose",
            "lending.view_regulatorycap",
            "lending.change_regulatorycap",
        ],
        description=_(
            "Works the lending console at /loans/console/: reviews borderline "
            "applications, watches lines, draws in flight and overdue loans inside their "
            "jurisdiction, and edits the product's parameters."
        ),
    ),
]
