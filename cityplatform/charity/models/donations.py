"""Donors, donations of money or goods, and the receipt numbering."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel
from cityplatform.ledger.fields import ExactDecimalField, MoneyField
from cityplatform.ledger.models import Transaction

from .setup import Campaign, Designation, Fund, FundKind, Organisation

DonationKind = FundKind


class Donor(models.Model):
    """Who gave. Identifiers are checked when given and never shown to the public."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise or organisation")
        INDIVIDUAL = "individual", _("Individual")
        COLLECTIVE = "collective", _("Collective (a group of people)")
        ANONYMOUS = "anonymous", _("Anonymous")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    # An ID number is personal data: only a masked form (430281********1234) and a keyed
    # digest (to recognise the same person again) are kept, never the number itself.
    id_number_masked = models.CharField(_("ID number (masked)"), max_length=18, blank=True)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["credit_code"]), models.Index(fields=["id_number_digest"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="anonymous") | ~models.Q(name=""),
                name="charity_donor_named_unless_anonymous",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(_("Anonymous"))


class ReceiptCounter(models.Model):
    """The last receipt number an organisation issued in a year (numbers have no gaps)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="charity_receiptcounter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_number}"


class Donation(AppendOnlyModel):
    """One gift of money, or of goods with their valuation, and its receipt (捐赠票据).

    Never changed after it is recorded: a mistake is corrected by a correction note
    whose ledger reversal takes the gift out of every figure.
    """

    receipt_number = models.CharField(_("receipt number"), max_length=24, unique=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="donations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="donations",
    )
    donor = models.ForeignKey(
        Donor, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="donations"
    )
    # Whether the donor agreed to be named in the public list; if not, 匿名.
    publish_name = models.BooleanField(_("name may be published"), default=True)
    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="donations"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=FundKind.choices)
    designation = models.ForeignKey(
        Designation,
        verbose_name=_("designated purpose"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
    )
    # Money: the amount given. Goods: their valuation (what the ledger records).
    amount = MoneyField(_("amount (yuan)"))
    item = models.CharField(_("item"), max_length=100, blank=True)
    quantity = ExactDecimalField(
        _("quantity"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    received_on = models.DateField(_("received on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ledger_transaction = models.OneToOneField(
        Transaction,
        verbose_name=_("ledger transaction"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    place_field = "organisation__place"

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["campaign", "received_on"]),
            models.Index(fields=["fund", "received_on"]),
            models.Index(fields=["campaign", "recorded_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="charity_donation_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=FundKind.MONEY, quantity__isnull=True, item="")
                | models.Q(kind=FundKind.GOODS, quantity__gt=0),
                name="charity_donation_goods_have_quantity",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def is_directed(self) -> bool:
        return self.designation_id is not None

    @property
    def public_donor_name(self) -> str:
        if self.publish_name and self.donor.name:
            return self.donor.name
        return str(_("Anonymous"))
