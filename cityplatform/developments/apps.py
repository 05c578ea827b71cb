from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentsConfig(AppConfig):
    name = "cityplatform.developments"
    label = "developments"
    verbose_name = _("New developments")
    url_prefix = "developments/"
    nav_items = [(_("New developments"), "developments:list")]
    # The seed page's order: 信息发布 (10), 楼盘推介, 二手房交易 (20), 生活服务 (40).
    nav_order = 15
