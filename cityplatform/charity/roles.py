from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

_SETUP = [
    f"charity.{action}_{model}"
    for model in ("organisation", "campaign", "designation")
    for action in ("view", "add", "change")
]
_READ = [
    f"charity.view_{model}"
    for model in (
        "fund",
        "donor",
        "donation",
        "disbursement",
        "disbursementline",
        "disclosurepublication",
        "correctionnote",
    )
]

ROLES = [
    Role(
        "charity_clerk",
        _("Charity clerk"),
        permissions=_READ,
        description=_(
            "Records donations and proposes disbursements (the maker) for the receiving "
            "organisations inside their jurisdiction, in the charity console."
        ),
    ),
    Role(
        "charity_reviewer",
        _("Charity reviewer"),
        permissions=_READ,
        description=_(
            "Approves or rejects disbursements others proposed (the checker), publishes "
            "disclosures and corrects donations and disbursements recorded in error."
        ),
    ),
    Role(
        "charity_admin",
        _("Charity administrator"),
        permissions=_SETUP + _READ,
        description=_(
            "Sets up receiving organisations, campaigns and designated purposes in the admin."
        ),
    ),
]
