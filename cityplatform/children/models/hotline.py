"""The 24-hour hotline (未成年人关爱保护救助热线): calls, routed to a village and its town."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.core.models import AppendOnlyModel
from cityplatform.places.models import Place

from .children import Child


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


# How soon someone must first respond; a call unanswered past this is escalated to the
# town, and past twice this to the county.
RESPONSE_TIME = {
    Urgency.URGENT: timedelta(hours=1),
    Urgency.HIGH: timedelta(hours=4),
    Urgency.NORMAL: timedelta(hours=24),
}


class Escalation(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    TOWN = 1, _("Escalated to the town")
    COUNTY = 2, _("Escalated to the county")


class HotlineCall(models.Model):
    """One call. Holds personal data: the caller's name and phone, the concern."""

    received_at = models.DateTimeField(pgettext_lazy("hotline call", "received at"))
    caller_name = models.CharField(_("caller"), max_length=32, blank=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=20, blank=True)
    concern = models.TextField(_("concern"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices)
    child = models.ForeignKey(
        Child,
        verbose_name=_("child"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_calls",
    )
    # The responsible village (or only the town, when the caller could not say which
    # village): the call is seen by that place's staff and everyone above it.
    place = models.ForeignKey(
        Place, verbose_name=_("routed to"), on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("first response due by"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    response_note = models.TextField(_("response"), blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["first_response_at", "due_at"], name="children_call_open_due"),
            models.Index(fields=["place", "received_at"], name="children_call_place_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at__gte=models.F("received_at")),
                name="children_call_due_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(escalation__gte=0, escalation__lte=2),
                name="children_call_escalation_range",
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__in=Urgency.values), name="children_call_urgency_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {timezone.localtime(self.received_at):%Y-%m-%d %H:%M}"

    @property
    def town_code(self) -> str:
        return self.place_id[:9] + "000"

    @property
    def response_time(self) -> timedelta | None:
        if self.first_response_at is None:
            return None
        return self.first_response_at - self.received_at


class HotlineCallEvent(AppendOnlyModel):
    """History of a call: logged, responded, escalated."""

    class Kind(models.TextChoices):
        LOGGED = "logged", _("Logged")
        RESPONDED = "responded", _("Responded")
        ESCALATED = "escalated", _("Escalated")

    call = models.ForeignKey(
        HotlineCall, verbose_name=_("hotline call"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    note = models.TextField(_("note"), blank=True)

    place_field = "call__place"

    class Meta:
        verbose_name = _("hotline call event")
        verbose_name_plural = _("hotline call events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"#{self.call_id} {self.kind}"
