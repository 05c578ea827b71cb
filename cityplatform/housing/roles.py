from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.roles import Role

_STAFF_PERMISSIONS = [
    "housing.view_community",
    "housing.add_community",
    "housing.change_community",
    "housing.view_communityalias",
    "housing.add_communityalias",
    "housing.change_communityalias",
    "housing.delete_communityalias",
    "housing.view_listing",
    "housing.add_listing",
    "housing.change_listing",
    "housing.view_listingevent",
    "housing.view_falselistingreport",
    "housing.change_falselistingreport",
    "housing.view_listingphoto",
    "housing.add_listingphoto",
    "housing.change_listingphoto",
    "housing.delete_listingphoto",
    "housing.view_viewing",
    "housing.change_viewing",
    "housing.view_deal",
    "housing.change_deal",
    "housing.view_dealevent",
    "housing.view_buyerdemand",
    "housing.add_buyerdemand",
    "housing.change_buyerdemand",
    "housing.view_demandevent",
    "housing.view_matchnotice",
    "housing.change_matchnotice",
    "housing.view_buyermessage",
    "housing.view_viewingcall",
]

ROLES = [
    Role(
        "housing_staff",
        _("Housing staff"),
        permissions=_STAFF_PERMISSIONS,
        description=_(
            "Imports ads, verifies listings against the owner and the deed, publishes, "
            "withdraws and relists them, and resolves false-listing reports, inside their "
            "jurisdiction; adds photos, books viewings and takes deals to the transfer."
        ),
    ),
    Role(
        "housing_admin",
        _("Housing administrator"),
        permissions=[*_STAFF_PERMISSIONS, "housing.delete_community"],
        description=_(
            "Everything housing staff do, and also removes communities that have no listings."
        ),
    ),
]
