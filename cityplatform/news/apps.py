from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "cityplatform.news"
    label = "news"
    verbose_name = _("News")
    url_prefix = "news/"
    nav_items = [(_("News"), "news:list")]
    nav_order = 10
