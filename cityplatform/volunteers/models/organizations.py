"""Social organisations (社会组织) and the users who work for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.places.models import Place


class Organization(models.Model):
    """A registered social organisation: 义工联合会, 救援队, 协会, 社工机构 ..."""

    class Kind(models.TextChoices):
        VOLUNTEER_FEDERATION = "volunteer_federation", _("Volunteer federation")
        RESCUE_TEAM = "rescue_team", _("Rescue team")
        ASSOCIATION = "association", _("Association")
        SOCIAL_WORK = "social_work", _("Social work agency")
        VOLUNTEER_TEAM = "volunteer_team", _("Volunteer service team")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    contact_person = models.CharField(_("contact person"), max_length=32)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The county or town the organisation is registered in."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationStaff(models.Model):
    """A user who records the volunteers, activities and service of one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="volunteer_organization_memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organisation"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "organization__place"

    class Meta:
        verbose_name = _("organisation staff member")
        verbose_name_plural = _("organisation staff")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="volunteers_orgstaff_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"
