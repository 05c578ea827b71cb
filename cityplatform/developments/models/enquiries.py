"""Enquiries (购房咨询) from the public about a development, and their handling history.

An enquiry holds personal data (a name and a phone number): it is never shown on a
public page or in the public API, and staff lists show the phone masked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.core.models import AppendOnlyModel

from .developments import Development, UnitType


class EnquiryStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("enquiry status", "New")
    CONTACTED = "contacted", _("Contacted")
    CLOSED = "closed", pgettext_lazy("enquiry", "Closed")


class ContactTime(models.TextChoices):
    ANY = "any", _("Any time")
    MORNING = "morning", _("Weekday mornings")
    AFTERNOON = "afternoon", _("Weekday afternoons")
    EVENING = "evening", _("Evenings")
    WEEKEND = "weekend", _("Weekends")


# The status changes handlers make; anything else is refused (409).
ENQUIRY_TRANSITIONS = frozenset(
    {
        (EnquiryStatus.NEW, EnquiryStatus.CONTACTED),
        (EnquiryStatus.NEW, EnquiryStatus.CLOSED),
        (EnquiryStatus.CONTACTED, EnquiryStatus.CLOSED),
    }
)


class Enquiry(models.Model):
    development = models.ForeignKey(
        Development,
        verbose_name=_("development"),
        on_delete=models.PROTECT,
        related_name="enquiries",
    )
    # The unit type the buyer asked about, if any; it must be one of the development's
    # (checked by services.enquiry_submit).
    unit_type = models.ForeignKey(
        UnitType,
        verbose_name=_("unit type of interest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=20)
    contact_time = models.CharField(
        _("preferred contact time"),
        max_length=16,
        choices=ContactTime.choices,
        default=ContactTime.ANY,
    )
    message = models.TextField(pgettext_lazy("enquiry", "message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    contacted_at = models.DateTimeField(_("contacted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # An enquiry belongs to its development's district (see accounts.jurisdiction).
    place_field = "development__place"

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="developments_enquiry_status"),
            models.Index(fields=["development", "created_at"], name="developments_enquiry_dev"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EnquiryStatus.values),
                name="developments_enquiry_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(contact_time__in=ContactTime.values),
                name="developments_enquiry_contact_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=EnquiryStatus.CLOSED) | Q(closed_at__isnull=False),
                name="developments_enquiry_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.development}"


class EnquiryEvent(AppendOnlyModel):
    """A status change of an enquiry or a handler's note (to_status blank). Append-only."""

    enquiry = models.ForeignKey(
        Enquiry, verbose_name=_("enquiry"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_status = models.CharField(
        _("from status"), max_length=16, choices=EnquiryStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=16, choices=EnquiryStatus.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    place_field = "enquiry__development__place"

    class Meta:
        verbose_name = _("enquiry event")
        verbose_name_plural = _("enquiry events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"#{self.enquiry_id} {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_transition(self) -> bool:
        return bool(self.to_status)
