"""Applications (step 2) and the decisions on them (step 3), with the bank's own lists
the rules consult: its customer relationships (payroll, mortgage) and its blacklist.

ID numbers are personal data: stored encrypted (`EncryptedTextField`) and found again
through a blind index (an HMAC), never in clear in the database or the audit log.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityplatform.core.crypto import EncryptedTextField
from cityplatform.core.models import AppendOnlyModel
from cityplatform.lending.models.fields import DailyRateField, MoneyField
from cityplatform.lending.models.products import Product, Segment
from cityplatform.places.models import Place

INDEX_LENGTH = 64


class BankRelationship(models.Model):
    """The bank knows this person as a payroll or mortgage customer (from its core system).

    Both the ID number and the reference (account or contract number) are kept as blind
    indexes only: the rule asks "does this pair exist", never reads them back.
    """

    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), on_delete=models.PROTECT, related_name="+"
    )
    id_number_index = models.CharField(_("ID number index"), max_length=INDEX_LENGTH)
    reference_index = models.CharField(_("reference index"), max_length=INDEX_LENGTH)
    since = models.DateField(_("customer since"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank relationship")
        verbose_name_plural = _("bank relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "id_number_index", "reference_index"],
                name="lending_relationship_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.segment_id} #{self.pk}"


class BlacklistEntry(models.Model):
    id_number_index = models.CharField(_("ID number index"), max_length=INDEX_LENGTH, unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blacklist entry")
        verbose_name_plural = _("blacklist")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Outcome(models.TextChoices):
    # With a context: other apps translate a bare "Approved" as 已审核 (a report reviewed).
    APPROVED = "approved", pgettext_lazy("loan application", "Approved")
    REJECTED = "rejected", pgettext_lazy("loan application", "Rejected")
    REVIEW = "review", _("Under review")


class Application(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="loan_applications",
    )
    # The district or county the applicant lives in: the branch whose officers see it.
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=64)
    id_number = EncryptedTextField(_("ID number"))
    id_number_index = models.CharField(_("ID number index"), max_length=INDEX_LENGTH)
    birth_date = models.DateField(_("birth date"))
    phone = models.CharField(_("phone"), max_length=32)
    employer_name = models.CharField(_("employer"), max_length=200)
    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), on_delete=models.PROTECT, related_name="+"
    )
    segment_evidence = EncryptedTextField(_("segment evidence"))
    monthly_income = MoneyField(_("monthly income"))
    monthly_debt_payments = MoneyField(_("monthly payments on existing debts"))
    employment_years = models.PositiveSmallIntegerField(_("years with the employer"))
    consent_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    status = models.CharField(_("status"), max_length=16, choices=Outcome.choices)
    business_date = models.DateField(_("business date"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    place_field = "place"

    class Meta:
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["id_number_index", "product"], name="lending_app_person"),
            models.Index(fields=["status", "submitted_at"], name="lending_app_queue"),
        ]
        constraints = [
            # One application in an officer's queue per person and product at a time.
            models.UniqueConstraint(
                fields=["product", "id_number_index"],
                condition=Q(status="review"),
                name="lending_app_one_in_review",
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__gt=0) & Q(monthly_debt_payments__gte=0),
                name="lending_app_money_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.full_name}"


class Decision(AppendOnlyModel):
    """One decision on an application, with everything it used: never changed; an
    officer's review adds a second decision after the automatic one."""

    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        OFFICER = "officer", _("Officer")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    score = models.IntegerField(pgettext_lazy("loan decision", "score"), null=True, blank=True)
    grade = models.CharField(_("risk grade"), max_length=2, blank=True)
    daily_rate = DailyRateField(_("daily rate"), null=True, blank=True)
    credit_limit = MoneyField(_("credit limit"), null=True, blank=True)
    # The facts and parameters the decision read (no ID number or name).
    inputs = models.JSONField(_("inputs"), default=dict)
    rules = models.JSONField(_("rule results"), default=list)
    score_lines = models.JSONField(_("scorecard lines"), default=list)
    # The reasons as the customer reads them, in Chinese.
    reasons = models.JSONField(pgettext_lazy("loan decision", "reasons"), default=list)
    engine_version = models.CharField(_("engine version"), max_length=20)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    elapsed_ms = models.PositiveIntegerField(_("time taken (ms)"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit decision")
        verbose_name_plural = _("credit decisions")
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.outcome}"
