"""Daily reports: one current report per kind, village and day, with its append-only
versions, the county's approval of a town's day, approval history and reminders.

A report's timeliness is fixed by its first filing: on time when `first_filed_at` is
not after `due_at` (the deadline that applied then). Corrections add versions and
never change it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel
from cityplatform.places.models import Place

# The largest count a field may hold: a village finds tens of children, not millions.
MAX_COUNT = 99_999


class Channel(models.TextChoices):
    FORM = "form", _("Form")
    API = "api", _("API")
    ONE_TAP = "one_tap", _("One-tap zero")


class DailyReport(models.Model):
    """A village's report of one kind for one day, as last filed."""

    kind = models.CharField(_("kind"), max_length=32)
    village = models.ForeignKey(
        Place, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("day"))
    values = models.JSONField(_("figures"), default=dict)
    is_zero = models.BooleanField(_("zero report"), default=False)
    # Messages of the kind's cross-check, e.g. "the registry shows a new unplaced child".
    flags = models.JSONField(_("flags"), default=list, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    due_at = models.DateTimeField(_("due at"))
    first_filed_at = models.DateTimeField(_("first filed at"))
    filed_at = models.DateTimeField(_("last filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    on_behalf = models.BooleanField(
        _("filed on the village's behalf"),
        default=False,
        help_text=_("Filed by town or county staff rather than the village itself."),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    approved_at = models.DateTimeField(_("approved by the town at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    place_field = "village"

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-day", "village_id"]
        indexes = [models.Index(fields=["kind", "day", "village"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "village", "day"],
                name="reports_one_report_per_village_day",
                violation_error_message=_("This village has already reported for this day."),
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="reports_version_gte_1"
            ),
            models.CheckConstraint(
                condition=models.Q(filed_at__gte=models.F("first_filed_at")),
                name="reports_filed_after_first_filing",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_at__isnull=True) | models.Q(approved_by__isnull=False),
                name="reports_approval_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.village_id} {self.day:%Y-%m-%d}"

    @property
    def is_late(self) -> bool:
        return self.first_filed_at > self.due_at

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class ReportVersion(AppendOnlyModel):
    """One filing of a report: the first, and every correction after it."""

    report = models.ForeignKey(
        DailyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    values = models.JSONField(_("figures"), default=dict)
    is_zero = models.BooleanField(_("zero report"), default=False)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    on_behalf = models.BooleanField(_("filed on the village's behalf"), default=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    reason = models.TextField(_("reason for the correction"), blank=True)

    place_field = "report__village"

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "version"], name="reports_one_row_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.version}"


class TownDay(models.Model):
    """A town's day of one kind: the county's approval, and the row every write to
    that day locks first (so approvals and corrections of a day never interleave)."""

    kind = models.CharField(_("kind"), max_length=32)
    town = models.ForeignKey(
        Place, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("day"))
    county_approved_at = models.DateTimeField(_("approved by the county at"), null=True, blank=True)
    county_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("last reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    place_field = "town"

    class Meta:
        verbose_name = _("town day")
        verbose_name_plural = _("town days")
        ordering = ["-day", "town_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "town", "day"], name="reports_one_row_per_town_day"
            ),
            models.CheckConstraint(
                condition=models.Q(county_approved_at__isnull=True)
                | models.Q(county_approved_by__isnull=False),
                name="reports_county_approval_has_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.town_id} {self.day:%Y-%m-%d}"

    @property
    def is_approved(self) -> bool:
        return self.county_approved_at is not None


class ApprovalEvent(AppendOnlyModel):
    """History of approvals: a town approving a village's report, the county approving
    a town's day, and a correction reopening either."""

    class Action(models.TextChoices):
        TOWN_APPROVED = "town_approved", _("Approved by the town")
        COUNTY_APPROVED = "county_approved", _("Approved by the county")
        REOPENED = "reopened", _("Reopened by a correction")
        COUNTY_REOPENED = "county_reopened", _("County approval reopened by a correction")

    kind = models.CharField(_("kind"), max_length=32)
    town = models.ForeignKey(
        Place, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("day"))
    report = models.ForeignKey(
        DailyReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="approval_events",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("time"))

    place_field = "town"

    class Meta:
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["kind", "town", "day"])]

    def __str__(self) -> str:
        return f"{self.action} {self.town_id} {self.day:%Y-%m-%d}"


class Reminder(models.Model):
    """A notice to a village that has not reported yet (the platform sends no SMS; a
    gateway would send `message` to the recipients)."""

    class Stage(models.TextChoices):
        BEFORE_DEADLINE = "before", _("Before the deadline")
        AFTER_DEADLINE = "after", _("After the deadline")

    kind = models.CharField(_("kind"), max_length=32)
    village = models.ForeignKey(
        Place, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("day"))
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    created_at = models.DateTimeField(_("sent at"))
    message = models.TextField(_("message"))
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("recipients"), blank=True, related_name="+"
    )

    place_field = "village"

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "village", "day", "stage"], name="reports_one_reminder_per_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.village_id} {self.day:%Y-%m-%d} {self.stage}"
