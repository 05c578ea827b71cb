from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "cityplatform.housing"
    label = "housing"
    verbose_name = _("Housing")
    url_prefix = "housing/"
    nav_items = [(_("Second-hand homes"), "housing:list")]
    nav_order = 20
