from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "cityplatform.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteer services")
    url_prefix = "volunteers/"
    nav_items = [(_("Volunteer services"), "volunteers:overview")]
    nav_order = 60
