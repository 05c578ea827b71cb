"""Activities organisations run, what they produced, and who served in them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.places.models import Place

from .organizations import Organization
from .people import Volunteer

# Nobody serves more than a day in one record.
MAX_HOURS_PER_RECORD = Decimal("24")


class ActivityKind(models.TextChoices):
    EPIDEMIC_PUBLICITY = "epidemic_publicity", _("Epidemic prevention publicity")
    TEMPERATURE_CHECKS = "temperature_checks", _("Temperature checks and guidance")
    DISINFECTION = "disinfection", _("Disinfection")
    KEEPING_ORDER = "keeping_order", _("Keeping order")
    PSYCHOLOGICAL_AID = "psychological_aid", _("Psychological aid")
    CARE_FOR_VULNERABLE = (
        "care_for_vulnerable",
        _("Help for the elderly, children, disabled and needy"),
    )
    EMERGENCY_RESCUE = "emergency_rescue", _("Emergency rescue")
    SPRING_FARMING = "spring_farming", _("Spring farming service")
    OTHER = "other", _("Other")


class OutputKind(models.TextChoices):
    MESSAGES = "messages", _("Messages published")
    MASKS = "masks", _("Masks handed out")
    PUBLICITY_VEHICLE_TRIPS = "publicity_vehicle_trips", _("Publicity vehicle trips")
    # In context: the children app has the same words for its own, different service.
    COUNSELLING_SESSIONS = (
        "counselling_sessions",
        pgettext_lazy("volunteer output", "Counselling sessions"),
    )
    TALKS = "talks", _("Talks given")
    HOME_VISITS = "home_visits", _("Home visits")
    OTHER = "other", _("Other")


# The unit each kind of output is counted in, as a bureau's report writes it.
OUTPUT_UNITS = {
    OutputKind.MESSAGES: "条",
    OutputKind.MASKS: "只",
    OutputKind.PUBLICITY_VEHICLE_TRIPS: "台次",
    OutputKind.COUNSELLING_SESSIONS: "次",
    OutputKind.TALKS: "场",
    OutputKind.HOME_VISITS: "户次",
    OutputKind.OTHER: "项",
}


class Activity(models.Model):
    """One volunteer activity (one 场次): organised by one organisation, on one day, at
    one town or village."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="activities",
        db_index=False,  # see the (organization, date) index
    )
    kind = models.CharField(_("type"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=100)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The town or village where the activity took place."),
    )
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [
            # The statistics select activities by date and town, then join the records.
            models.Index(fields=["date", "place", "organization"]),
            models.Index(fields=["organization", "date"]),
            models.Index(fields=["kind", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class ActivityOutput(models.Model):
    """What an activity produced, counted: 512 条 messages, 2036 只 masks ..."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="outputs",
        db_index=False,  # the unique (activity, kind) index leads with it
    )
    kind = models.CharField(_("output"), max_length=24, choices=OutputKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit = models.CharField(_("unit"), max_length=8)

    place_field = "activity__place"

    class Meta:
        verbose_name = _("activity output")
        verbose_name_plural = _("activity outputs")
        ordering = ["activity", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "kind"],
                name="volunteers_output_one_row_per_kind",
                violation_error_message=_("This activity already has a row for this output."),
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="volunteers_output_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}{self.unit}"


class ServiceRecord(models.Model):
    """A volunteer served an activity for some hours: one 人次.

    One record per volunteer per activity (a constraint); hours above 0 and at most 24.
    """

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="service_records",
        db_index=False,  # the unique (volunteer, activity) index leads with it
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="service_records",
        db_index=False,  # the (activity, volunteer, hours) index leads with it
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    # Copies of the activity's date and place, kept equal to it by the services that
    # create records and move activities (activity_update). They let the statistics
    # select a date range or a town on this table's own indexes: a broad selection
    # then reads index ranges instead of joining a million records to their activities.
    activity_date = models.DateField(_("activity date"))
    activity_place = models.ForeignKey(
        Place,
        verbose_name=_("activity place"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (activity_date, activity_place, hours) index covers it
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    place_field = "activity__place"

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                name="volunteers_record_once_per_activity",
                violation_error_message=_("This volunteer already has a record for this activity."),
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=MAX_HOURS_PER_RECORD),
                name="volunteers_record_hours_range",
                violation_error_message=_("Hours must be above 0 and at most 24."),
            ),
        ]
        indexes = [
            # Covers the statistics: the records of the selected activities, their
            # distinct volunteers and their hours, read from the index alone.
            models.Index(fields=["activity", "volunteer", "hours"]),
            # A date range and/or a town: person-times and hours from an index alone.
            models.Index(fields=["activity_date", "activity_place", "hours"]),
            models.Index(fields=["activity_place", "activity_date", "hours"]),
            # "Did this volunteer serve in the selection?": one probe per volunteer.
            models.Index(fields=["volunteer", "activity_date", "activity_place"]),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.activity_id} ({self.hours} h)"
