from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

ROLES = [
    Role(
        "auditor",
        _("Auditor"),
        permissions=["audit.view_auditentry"],
        description=_("Reads the audit log; sees no records themselves."),
    ),
]
