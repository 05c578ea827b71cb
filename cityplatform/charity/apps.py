from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharityConfig(AppConfig):
    name = "cityplatform.charity"
    label = "charity"
    verbose_name = _("Charity")
    url_prefix = "charity/"
    nav_items = [(_("Charity disclosure"), "charity:campaign_list")]
    nav_order = 50
