"""Life services (生活服务): a directory of local providers and the requests residents send them.

A resident finds a provider (白蚁防治, 房产测绘, ...) and leaves a service request;
the provider's staff see it in their console, and must contact the resident within
the provider's `response_hours`, after which the request counts as overdue.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.places.models import Place

# The longest a provider may take to contact a resident: 30 days.
MAX_RESPONSE_HOURS = 720


class ServiceCategory(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Provider(models.Model):
    """A business or institution residents can ask for a service."""

    class Ownership(models.TextChoices):
        STATE_OWNED = "state_owned", _("State-owned enterprise")
        PRIVATE = "private", _("Private enterprise")
        PUBLIC_INSTITUTION = "public_institution", _("Public institution")
        SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
        SOLE_TRADER = "sole_trader", _("Sole trader")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="providers",
    )
    main_business = models.TextField(_("main business"))
    address = models.CharField(_("address"), max_length=200)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The district or town the provider is registered in."),
    )
    # Canonical numbers from normalize_phone(allow_service_numbers=True), in display order.
    hotlines = models.JSONField(_("service hotlines"), default=list, blank=True)
    ownership = models.CharField(
        _("ownership"), max_length=24, choices=Ownership.choices, default=Ownership.OTHER
    )
    highlights = models.CharField(
        _("highlights"),
        max_length=100,
        blank=True,
        help_text=_("Short labels shown next to the ownership, separated by commas, e.g. 专业服务"),
    )
    slogan = models.TextField(_("slogan"), blank=True, help_text=_("One phrase per line."))
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, default=""
    )
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    response_hours = models.PositiveSmallIntegerField(
        _("response time (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RESPONSE_HOURS)],
        help_text=_("A new request must be contacted within this many hours."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["category__order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="directory_provider_unique_credit_code",
                violation_error_message=_("Another provider has this credit code."),
            ),
            models.CheckConstraint(
                condition=models.Q(response_hours__gte=1, response_hours__lte=MAX_RESPONSE_HOURS),
                name="directory_provider_response_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def highlight_list(self) -> list[str]:
        text = self.highlights.replace("，", ",").replace("、", ",")
        return [h.strip() for h in text.split(",") if h.strip()]

    @property
    def slogan_lines(self) -> list[str]:
        return [line.strip() for line in self.slogan.splitlines() if line.strip()]


class ProviderStaff(models.Model):
    """A user who works a provider's service requests in the console."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="provider_memberships",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider"], name="directory_providerstaff_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.provider}"


class ServiceRequest(models.Model):
    """A resident's request to a provider. Holds personal data: name, phone, address."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        DONE = "done", _("Done")

    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    name = models.CharField(_("full name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=20)
    address = models.CharField(_("address"), max_length=200)
    need = models.TextField(_("what is needed"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    # Set by the service (not auto_now_add), so tests and the demo can place a
    # request in the past; due_at = created_at + provider.response_hours.
    created_at = models.DateTimeField(_("created at"), editable=False)
    due_at = models.DateTimeField(_("contact due by"), editable=False)
    contacted_at = models.DateTimeField(_("contacted at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    # A request belongs to the place of its provider (see accounts.jurisdiction).
    place_field = "provider__place"

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "status", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at__gte=models.F("created_at")),
                name="directory_request_due_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.provider}"


# The status changes staff may make; anything else is refused (409).
ALLOWED_TRANSITIONS = frozenset(
    {
        (ServiceRequest.Status.NEW, ServiceRequest.Status.CONTACTED),
        (ServiceRequest.Status.CONTACTED, ServiceRequest.Status.DONE),
        (ServiceRequest.Status.NEW, ServiceRequest.Status.DONE),
    }
)


class ServiceRequestNote(models.Model):
    """One line of a request's history: a status change or a staff note. Append-only."""

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Both blank for a plain note; set for a status change.
    from_status = models.CharField(
        _("from status"), max_length=16, choices=ServiceRequest.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=16, choices=ServiceRequest.Status.choices, blank=True
    )

    class Meta:
        verbose_name = _("service request note")
        verbose_name_plural = _("service request notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.request_id} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Service request notes are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("Service request notes are append-only.")

    @property
    def is_transition(self) -> bool:
        return bool(self.to_status)
