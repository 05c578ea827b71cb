from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "cityplatform.children"
    label = "children"
    verbose_name = _("Children's registry")
    # No nav_items: the menu is public, and the registry is for the responsible staff only.
    url_prefix = "children/"
