"""The child, their guardians, and the append-only history of every change."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.core.crypto import EncryptedTextField
from cityplatform.core.models import AppendOnlyModel
from cityplatform.places.models import Place


class Category(models.TextChoices):
    """The four categories (四类儿童); a child is in one or more of them."""

    LEFT_BEHIND = "left_behind", _("Left-behind child")
    IN_DIFFICULTY = "in_difficulty", _("Child in difficulty")
    SCATTERED_ORPHAN = "scattered_orphan", _("Orphan in scattered care")
    UNSUPPORTED = "unsupported", _("Child without de facto care")


# Each category is a boolean column: counting and filtering by category stay plain SQL.
CATEGORY_FIELDS: dict[str, str] = {
    Category.LEFT_BEHIND: "is_left_behind",
    Category.IN_DIFFICULTY: "is_in_difficulty",
    Category.SCATTERED_ORPHAN: "is_scattered_orphan",
    Category.UNSUPPORTED: "is_unsupported",
}


class Guardianship(models.TextChoices):
    ADEQUATE = "adequate", _("Adequate")
    LACKING_EPIDEMIC = "lacking_epidemic", _("Lacking because of the epidemic")
    LACKING_OTHER = "lacking_other", _("Lacking for other reasons")


LACKING = (Guardianship.LACKING_EPIDEMIC, Guardianship.LACKING_OTHER)


class ClosedReason(models.TextChoices):
    """Why a child left the registry (the record stays, closed, with its history)."""

    TURNED_18 = "turned_18", _("Turned 18")
    MOVED_OUT = "moved_out", _("Moved out of the county")
    GUARDIANSHIP_RESTORED = "guardianship_restored", _("Guardianship restored for good")
    DECEASED = "deceased", pgettext_lazy("child left the registry", "Deceased")
    OTHER = "other", _("Other (see the note)")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Child(models.Model):
    """A registered child. Personal data: name, birth date, ID number, family situation."""

    name = models.CharField(pgettext_lazy("a person's name", "name"), max_length=32)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    # Ciphertext in the database; `id_number_index` finds it, `id_number_masked` shows it.
    id_number = EncryptedTextField(_("ID number"), blank=True, default="")
    id_number_index = models.CharField(
        max_length=64, blank=True, default="", editable=False, db_index=True
    )
    id_number_masked = models.CharField(
        _("ID number"), max_length=18, blank=True, default="", editable=False
    )
    village = models.ForeignKey(
        Place,
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(
        _("address in the village"), max_length=100, blank=True, help_text=_("e.g. 风塘组")
    )
    is_left_behind = models.BooleanField(Category.LEFT_BEHIND.label, default=False)
    is_in_difficulty = models.BooleanField(Category.IN_DIFFICULTY.label, default=False)
    is_scattered_orphan = models.BooleanField(Category.SCATTERED_ORPHAN.label, default=False)
    is_unsupported = models.BooleanField(Category.UNSUPPORTED.label, default=False)
    school = models.CharField(_("school"), max_length=100, blank=True)
    health = models.TextField(_("health"), blank=True)
    special_needs = models.TextField(_("special needs"), blank=True)
    guardianship = models.CharField(
        _("guardianship"),
        max_length=20,
        choices=Guardianship.choices,
        default=Guardianship.ADEQUATE,
    )
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A closed record: the child left the registry (child_close); child_reopen clears it.
    closed_on = models.DateField(_("left the registry on"), null=True, blank=True)
    closed_reason = models.CharField(
        _("reason for leaving"), max_length=24, choices=ClosedReason.choices, blank=True
    )
    closed_note = models.CharField(_("note on leaving"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    place_field = "village"

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["village", "name", "id"]
        indexes = [
            # Name search inside a town or village: a range on the village code (the
            # jurisdiction prefix), then the names of that range, all in one index.
            models.Index(fields=["village", "name"], name="children_child_village_name"),
            models.Index(fields=["guardianship", "village"], name="children_child_guard_vil"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=~models.Q(id_number_index=""),
                name="children_child_unique_id_number",
                violation_error_message=_("A child with this ID number is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_left_behind=True)
                | models.Q(is_in_difficulty=True)
                | models.Q(is_scattered_orphan=True)
                | models.Q(is_unsupported=True),
                name="children_child_has_a_category",
            ),
            models.CheckConstraint(
                condition=models.Q(guardianship__in=Guardianship.values),
                name="children_child_guardianship_valid",
            ),
            # Closed means a date and a reason; open means neither.
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True, closed_reason="")
                | models.Q(closed_on__isnull=False, closed_reason__in=ClosedReason.values),
                name="children_child_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # Admin breadcrumbs and logs name a child by record number, never by name.
        return f"#{self.pk}"

    @property
    def categories(self) -> list[str]:
        return [code for code, field in CATEGORY_FIELDS.items() if getattr(self, field)]

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(code).label) for code in self.categories]

    @property
    def lacks_guardianship(self) -> bool:
        return self.guardianship in LACKING

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def has_open_alarm(self) -> bool:
        """Open, lacking guardianship, no arrangement in force (needs `with_alarm`)."""
        return (
            not self.is_closed
            and self.lacks_guardianship
            and not getattr(self, "has_active_arrangement", False)
        )


class Guardian(models.Model):
    class Relation(models.TextChoices):
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        GRANDPARENT = "grandparent", _("Grandparent")
        RELATIVE = "relative", _("Other relative")
        OTHER = "other", _("Other")

    class Situation(models.TextChoices):
        AT_HOME = "at_home", _("Caring for the child")
        WORKING_AWAY = "working_away", _("Working away")
        QUARANTINED = "quarantined", _("Quarantined")
        HOSPITALISED = "hospitalised", _("Hospitalised")
        DECEASED = "deceased", _("Deceased")
        UNABLE = "unable", _("Unable to care")

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="guardians"
    )
    name = models.CharField(pgettext_lazy("a person's name", "name"), max_length=32)
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    situation = models.CharField(_("situation"), max_length=16, choices=Situation.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "child__village"

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["child", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_relation_display()})"


class ChildEvent(AppendOnlyModel):
    """One line of a child's history: who changed what, and when.

    `changes` maps a field to {"from": ..., "to": ...}; an ID number is recorded only as
    {"changed": true}, phone numbers only masked.
    """

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        UPDATED = "updated", _("Record changed")
        GUARDIAN_ADDED = "guardian_added", _("Guardian added")
        GUARDIAN_UPDATED = "guardian_updated", _("Guardian changed")
        ARRANGEMENT_STARTED = "arrangement_started", _("Care arrangement started")
        ARRANGEMENT_ENDED = "arrangement_ended", _("Care arrangement ended")
        VISIT = "visit", _("Visit")
        FOLLOW_UP_DONE = "follow_up_done", _("Follow-up done")
        COUNSELLING = "counselling", _("Counselling session")
        ASSISTANCE = "assistance", _("Assistance given")
        HOTLINE_CALL = "hotline_call", _("Hotline call")
        CLOSED = "closed", _("Left the registry")
        REOPENED = "reopened", _("Record reopened")

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    kind = models.CharField(_("what"), max_length=24, choices=Kind.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # The visit, arrangement, ... this line is about, if any.
    record_id = models.BigIntegerField(null=True, blank=True)

    place_field = "child__village"

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["child", "at"], name="children_event_child_at")]

    def __str__(self) -> str:
        return f"#{self.child_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def changed_fields(self) -> list[str]:
        return list(self.changes)


class LackingCareFinding(AppendOnlyModel):
    """A child found lacking guardianship on a day, in a village: when registered lacking,
    or when their guardianship turned to lacking. The daily zero report counts these, so
    a later change of the child does not rewrite a past day's figure."""

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.CASCADE, related_name="findings"
    )
    village = models.ForeignKey(
        Place, verbose_name=_("village or community"), on_delete=models.PROTECT, related_name="+"
    )
    found_on = models.DateField(_("found on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "village"

    class Meta:
        verbose_name = _("lacking-care finding")
        verbose_name_plural = _("lacking-care findings")
        indexes = [models.Index(fields=["village", "found_on"], name="children_finding_vil_day")]

    def __str__(self) -> str:
        return f"#{self.child_id} {self.found_on}"


def category_filter(code: str) -> dict[str, Any]:
    """Keyword arguments selecting the children of one category."""
    return {CATEGORY_FIELDS[code]: True}
