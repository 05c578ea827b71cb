from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LendingConfig(AppConfig):
    name = "cityplatform.lending"
    label = "lending"
    verbose_name = _("Lending")
    url_prefix = "loans/"
    nav_items = [(_("Huarong Flash Loan"), "lending:home")]
    nav_order = 60
