"""Volunteer service certificates (志愿服务证明)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel

from .organizations import Organization
from .people import Volunteer


class Certificate(AppendOnlyModel):
    """A certificate as issued: the figures are those printed on the paper, kept so
    the verification page shows what the holder was given. Never changed; a new
    certificate is issued when the service grows."""

    number = models.CharField(_("certificate number"), max_length=24, unique=True)
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organisation"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    activity_count = models.PositiveIntegerField(_("activities"))
    first_served_on = models.DateField(_("first service"))
    last_served_on = models.DateField(_("last service"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    place_field = "organization__place"

    class Meta:
        verbose_name = _("service certificate")
        verbose_name_plural = _("service certificates")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["volunteer", "organization", "issued_at"])]

    def __str__(self) -> str:
        return self.number
