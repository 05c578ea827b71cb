"""The product as data: what officers edit and decisions read.

A product (华融闪贷) has limits, terms, repayment methods, the customer segments it
is open to (each with the employer or institution list behind it), the purposes its
money may not be used for, and daily-rate tiers by risk grade. Regulatory caps are
rows an officer switches on; an active product never breaks an active cap.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityplatform.lending.models.fields import DailyRateField, MoneyField


class RepaymentMethod(models.TextChoices):
    MONTHLY_INTEREST = "monthly_interest", _("Monthly interest, principal at maturity")
    EQUAL_INSTALMENT = (
        "equal_instalment",
        _("Equal monthly instalments of principal and interest"),
    )
    EQUAL_PRINCIPAL = "equal_principal", _("Equal principal instalments")
    BULLET = "bullet", _("Principal and interest at maturity")


class Segment(models.Model):
    """A customer group the bank opens the product to, and how membership is checked."""

    class Verification(models.TextChoices):
        # The bank's own records say the applicant is such a customer (payroll, mortgage).
        RELATIONSHIP = "relationship", _("The bank's customer records")
        # The applicant's employer must be on the segment's list of organisations.
        EMPLOYER_LIST = "employer_list", _("The list of eligible employers")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    verification = models.CharField(_("verification"), max_length=20, choices=Verification.choices)
    evidence_label = models.CharField(
        _("evidence asked for"),
        max_length=100,
        help_text=_("What the applicant gives as evidence, e.g. a payroll account number."),
    )
    # Points this segment adds in the scorecard (shown to the applicant as a reason).
    score_points = models.PositiveSmallIntegerField(_("score points"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An employer or institution on a segment's list (知名企业, 省内行政事业单位)."""

    segment = models.ForeignKey(
        Segment,
        verbose_name=_("segment"),
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    # The province the organisation is in (2-digit division code; 43 is Hunan).
    province_code = models.CharField(_("province code"), max_length=2, default="43")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("eligible organisation")
        verbose_name_plural = _("eligible organisations")
        ordering = ["segment", "name"]
        constraints = [
            models.UniqueConstraint(fields=["segment", "name"], name="lending_org_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ProhibitedPurpose(models.Model):
    """A use the loan's money is barred from; a draw's stated purpose is checked against
    its name and keywords."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Words that reveal this purpose, separated by commas or 、."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("prohibited purpose")
        verbose_name_plural = _("prohibited purposes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        words = self.keywords.replace("、", ",").replace("，", ",").split(",")
        return [self.name, *[w.strip() for w in words if w.strip()]]


class RegulatoryCap(models.Model):
    """A rule from the regulator that officers switch on; products must respect active caps."""

    class Kind(models.TextChoices):
        UNSECURED_INTERNET_LIMIT = (
            "unsecured_internet_limit",
            _("Highest credit limit of an unsecured internet consumer line (yuan)"),
        )
        BULLET_TERM_MONTHS = (
            "bullet_term_months",
            _("Longest term of a loan repaid in one sum at maturity (months)"),
        )

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    is_active = models.BooleanField(_("active"), default=False)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("regulatory cap")
        verbose_name_plural = _("regulatory caps")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    bank_name = models.CharField(_("bank"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    is_secured = models.BooleanField(_("secured"), default=False)
    is_internet = models.BooleanField(_("internet channel"), default=True)
    credit_limit_min = MoneyField(_("smallest credit limit"))
    credit_limit_max = MoneyField(_("highest credit limit"))
    draw_min = MoneyField(_("smallest draw"))
    # Allowed terms of a draw in months, e.g. [1, 3, 6, 9, 12].
    terms_months = models.JSONField(_("terms (months)"), default=list)
    repayment_methods = models.JSONField(_("repayment methods"), default=list)
    # Overdue amounts accrue at the daily rate times this (1.50: fifty per cent more).
    penalty_multiplier = models.DecimalField(
        _("penalty interest multiplier"), max_digits=4, decimal_places=2
    )
    min_age = models.PositiveSmallIntegerField(_("youngest applicant (years)"), default=18)
    max_age = models.PositiveSmallIntegerField(_("oldest applicant (years)"), default=60)
    min_monthly_income = MoneyField(_("lowest monthly income"))
    # Existing monthly debt payments over monthly income, as a fraction (0.50 = 50 %).
    max_debt_to_income = models.DecimalField(
        _("highest debt-to-income ratio"), max_digits=4, decimal_places=2
    )
    approve_score = models.PositiveSmallIntegerField(_("score to approve automatically"))
    # Scores in [approve_score - review_band, approve_score) go to an officer.
    review_band = models.PositiveSmallIntegerField(_("review band (points)"), default=10)
    reapply_after_days = models.PositiveSmallIntegerField(
        _("days before a rejected applicant may apply again"), default=30
    )
    # Purposes the draw form offers; any other text is checked against the prohibited list.
    purposes = models.JSONField(_("purposes offered"), default=list)
    segments = models.ManyToManyField(
        Segment, verbose_name=_("segments"), related_name="products", blank=True
    )
    prohibited_purposes = models.ManyToManyField(
        ProhibitedPurpose,
        verbose_name=_("prohibited purposes"),
        related_name="products",
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("loan product")
        verbose_name_plural = _("loan products")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_limit_min__gt=0)
                & Q(credit_limit_max__gte=models.F("credit_limit_min")),
                name="lending_product_limits_ordered",
            ),
            models.CheckConstraint(
                condition=Q(draw_min__gt=0) & Q(draw_min__lte=models.F("credit_limit_max")),
                name="lending_product_draw_min_in_limit",
            ),
            models.CheckConstraint(
                condition=Q(penalty_multiplier__gte=1), name="lending_product_penalty_at_least_1"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RateTier(models.Model):
    """The daily rate and limit rules of one risk grade of a product."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="tiers"
    )
    grade = models.CharField(_("risk grade"), max_length=2)
    daily_rate = DailyRateField(_("daily rate"))
    # The scorecard's total at or above which an applicant gets this grade.
    min_score = models.PositiveSmallIntegerField(_("lowest score"))
    # The limit is monthly income × this × (1 − debt-to-income), capped by max_limit.
    income_multiple = models.DecimalField(_("income multiple"), max_digits=5, decimal_places=2)
    max_limit = MoneyField(_("highest limit of the grade"))

    class Meta:
        verbose_name = _("rate tier")
        verbose_name_plural = _("rate tiers")
        ordering = ["product", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["product", "grade"], name="lending_tier_unique_grade"),
            models.CheckConstraint(
                condition=Q(daily_rate__gt=0) & Q(daily_rate__lt="0.01"),
                name="lending_tier_daily_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.grade}"
