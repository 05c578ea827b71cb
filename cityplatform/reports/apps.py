from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "cityplatform.reports"
    label = "reports"
    verbose_name = _("Daily reports")
    url_prefix = "reports/"
    # No menu entry: the public menu is for residents; staff open /reports/ after logging in.

    def ready(self) -> None:
        from cityplatform.reports import kinds

        kinds.autodiscover()
