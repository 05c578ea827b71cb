from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "cityplatform.directory"
    label = "directory"
    verbose_name = _("Life services")
    url_prefix = "services/"
    nav_items = [(_("Life services"), "directory:list")]
    nav_order = 40
