"""Care given to a child: arrangements, visits with follow-ups, counselling, assistance."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .children import Child

# The institution that takes on fallback guardianship (临时兜底监护).
PROTECTION_CENTRE = "醴陵市未成年人救助保护中心"


class CareArrangement(models.Model):
    """Temporary care (临时照料) or fallback guardianship by the protection centre.

    Active on a day when it has started and not yet ended; a child lacking guardianship
    without an active arrangement is an open alarm."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", _("Temporary care by a relative")
        NEIGHBOUR = "neighbour", _("Temporary care by a neighbour")
        VILLAGE = "village", _("Temporary care by the village")
        INSTITUTION = "institution", _("Temporary care in an institution")
        FALLBACK = "fallback", _("Fallback guardianship by the protection centre")

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="arrangements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    carer = models.CharField(
        _("carer"), max_length=100, help_text=_("Who looks after the child, e.g. 外婆 or 敬老院")
    )
    responsible_person = models.CharField(_("responsible person"), max_length=32)
    responsible_phone = models.CharField(_("responsible person's phone"), max_length=20, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "child__village"

    class Meta:
        verbose_name = _("care arrangement")
        verbose_name_plural = _("care arrangements")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["child", "starts_on"], name="children_arr_child_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="children_arrangement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["relative", "neighbour", "village", "institution", "fallback"]
                ),
                name="children_arrangement_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class Visit(models.Model):
    """A home visit (上门寻访) by a 儿童主任, 儿童督导员, bureau staff or a volunteer."""

    class VisitorKind(models.TextChoices):
        DIRECTOR = "director", _("Children's director")
        SUPERVISOR = "supervisor", _("Children's supervisor")
        BUREAU = "bureau", _("Civil affairs staff")
        VOLUNTEER = "volunteer", _("Volunteer or social worker")

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitor_name = models.CharField(_("visitor"), max_length=64)
    visitor_kind = models.CharField(_("visitor's role"), max_length=16, choices=VisitorKind.choices)
    findings = models.TextField(_("findings"))
    follow_up = models.CharField(_("follow-up needed"), max_length=200, blank=True)
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    follow_up_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "child__village"

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(
                fields=["follow_up_done_on", "follow_up_by"], name="children_visit_follow_up"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_by__isnull=True)
                | models.Q(follow_up_by__gte=models.F("visited_on")),
                name="children_visit_follow_up_after_visit",
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up_done_on__isnull=True)
                | models.Q(follow_up_by__isnull=False),
                name="children_visit_done_needs_follow_up",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.visited_on}"


class CounsellingSession(models.Model):
    """心理疏导: a session with a counsellor, in person, online or by phone."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")

    child = models.ForeignKey(
        Child,
        verbose_name=_("child"),
        on_delete=models.CASCADE,
        related_name="counselling_sessions",
    )
    held_on = models.DateField(_("held on"))
    counsellor = models.CharField(
        _("counsellor"), max_length=100, help_text=_("A person or an organisation")
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "child__village"

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.held_on}"


class Assistance(models.Model):
    """What a child was given on one occasion: items, and cash such as 慰问金."""

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="assistance"
    )
    given_on = models.DateField(_("given on"))
    given_by = models.CharField(
        _("given by"), max_length=100, help_text=_("e.g. 醴陵市民政局关爱“一老一小”工作组")
    )
    cash_amount = models.DecimalField(
        _("cash (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    cash_purpose = models.CharField(
        _("cash purpose"), max_length=32, blank=True, help_text=_("e.g. 慰问金")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "child__village"

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cash_amount__gte=0), name="children_assistance_cash_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.given_on}"


class AssistanceItem(models.Model):
    assistance = models.ForeignKey(
        Assistance, verbose_name=_("assistance"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("item"), max_length=32, help_text=_("e.g. 口罩, 书包, 文具"))
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=8, blank=True, help_text=_("e.g. 只, 个, 套"))

    place_field = "assistance__child__village"

    class Meta:
        verbose_name = _("assistance item")
        verbose_name_plural = _("assistance items")
        ordering = ["assistance", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="children_item_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}{self.unit}"
