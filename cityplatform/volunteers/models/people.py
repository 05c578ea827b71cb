"""Volunteers, their skills, and their memberships of organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.core.crypto import EncryptedTextField
from cityplatform.places.models import Place

from .organizations import Organization


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    """One person. Holds personal data: name, phone and the resident ID number.

    The ID number is stored encrypted; `id_number_index` (its blind index) is unique,
    so a person who joins a second organisation is the same row and counts once.
    """

    name = models.CharField(_("full name"), max_length=32)
    phone = models.CharField(_("phone"), max_length=20)
    id_number = EncryptedTextField(_("resident ID number"))
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The county or town the volunteer registered in."),
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), blank=True, related_name="volunteers"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_number_masked})"


class Membership(models.Model):
    """A volunteer belongs to an organisation from `joined_on`; service for the
    organisation's activities counts from that day."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="memberships",
        db_index=False,  # the unique (volunteer, organization) index leads with it
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,  # see the (organization, volunteer) index
    )
    joined_on = models.DateField(_("joined on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "organization__place"

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "organization"],
                name="volunteers_membership_unique_pair",
                violation_error_message=_("The volunteer already belongs to this organisation."),
            )
        ]
        indexes = [models.Index(fields=["organization", "volunteer"])]

    def __str__(self) -> str:
        return f"{self.volunteer.name} @ {self.organization}"
