"""Organisations, campaigns, directed purposes (designations) and funds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.ledger.models import Account
from cityplatform.places.models import Place


class Organisation(models.Model):
    """A receiving organisation (慈善会, 红十字会) that issues receipts and holds funds."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    # The letters that start its receipt numbers: LLCSH2020000001.
    receipt_prefix = models.CharField(
        _("receipt prefix"),
        max_length=8,
        unique=True,
        help_text=_("Capital letters that start this organisation's receipt numbers."),
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("receiving organisation")
        verbose_name_plural = _("receiving organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A fundraising campaign (募捐活动), run by one or more organisations."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Emergency campaigns (突发事件) are disclosed as donations arrive.
    is_emergency = models.BooleanField(_("emergency campaign"), default=False)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="campaigns"
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    is_public = models.BooleanField(_("shown to the public"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="charity_campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Designation(models.Model):
    """What directed (定向) money or goods are for: a purpose, a recipient or a place."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="designations"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    recipient = models.CharField(_("recipient"), max_length=200, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    place_field = "campaign__place"

    class Meta:
        verbose_name = _("designated purpose")
        verbose_name_plural = _("designated purposes")
        ordering = ["campaign", "purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "purpose", "recipient"],
                name="charity_designation_unique",
            )
        ]

    def __str__(self) -> str:
        return " · ".join(p for p in (self.purpose, self.recipient) if p)


class FundKind(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")


class Fund(models.Model):
    """Money or one kind of goods an organisation holds for a campaign.

    Undirected money is one fund per campaign and organisation; directed money one per
    designation; goods one per item and unit (and designation, if directed). Its
    balance lives on the ledger: received on the income account, used on the expense
    account; available = income − expense, never below zero.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="funds"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="funds"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=FundKind.choices)
    designation = models.ForeignKey(
        Designation,
        verbose_name=_("designated purpose"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funds",
    )
    item = models.CharField(_("item"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    income_account = models.OneToOneField(
        Account, verbose_name=_("income account"), on_delete=models.PROTECT, related_name="+"
    )
    expense_account = models.OneToOneField(
        Account, verbose_name=_("expense account"), on_delete=models.PROTECT, related_name="+"
    )

    place_field = "organisation__place"

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["campaign", "organisation", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "kind", "item", "unit"],
                condition=models.Q(designation__isnull=True),
                name="charity_fund_unique_undirected",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organisation", "kind", "designation", "item", "unit"],
                condition=models.Q(designation__isnull=False),
                name="charity_fund_unique_directed",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=FundKind.MONEY, item="", unit="")
                | (models.Q(kind=FundKind.GOODS) & ~models.Q(item="") & ~models.Q(unit="")),
                name="charity_fund_goods_have_item_and_unit",
            ),
        ]

    def __str__(self) -> str:
        what = f"{self.item}（{self.unit}）" if self.kind == FundKind.GOODS else _("money")
        purpose = str(self.designation) if self.designation_id else _("undirected")
        return f"{self.organisation} · {what} · {purpose}"

    @property
    def is_directed(self) -> bool:
        return self.designation_id is not None
