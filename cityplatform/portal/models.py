from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformContact(models.Model):
    """The platform's own contact card shown on every page (address, hotlines, buses).

    One row is the active card; keeping it as data lets staff change a hotline
    without a release.
    """

    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    directions = models.CharField(_("how to get there"), max_length=300, blank=True)
    hotlines = models.CharField(
        _("hotlines"), max_length=200, help_text=_("Separated by commas, e.g. 28200686, 28200618")
    )
    housing_hotline = models.CharField(_("home-buying hotline"), max_length=32, blank=True)
    services = models.CharField(
        _("services"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 信息发布 楼盘推介 二手房交易 生活服务"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("platform contact card")
        verbose_name_plural = _("platform contact cards")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_platform_contact",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def hotline_list(self) -> list[str]:
        return [h.strip() for h in self.hotlines.replace("、", ",").split(",") if h.strip()]
