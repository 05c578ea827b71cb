"""A campaign's figures, computed on every call from the ledger: received is what the
funds' income accounts took in (net of corrections), disbursed what their expense
accounts paid out, the balance the difference. Money and goods (at valuation) apart,
directed and undirected apart, per organisation; totals add money and goods, as the
newspaper's 款物 figure does."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max

from cityplatform.charity.models import Campaign, CorrectionNote, Disbursement, Donation, Fund
from cityplatform.charity.models.setup import FundKind
from cityplatform.ledger.selectors import balances

ZERO = Decimal("0.00")


@dataclass
class Figures:
    received: Decimal = ZERO
    directed: Decimal = ZERO
    undirected: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.received - self.disbursed

    def add(self, *, received: Decimal, disbursed: Decimal, directed: bool) -> None:
        self.received += received
        self.disbursed += disbursed
        if directed:
            self.directed += received
        else:
            self.undirected += received

    def as_strings(self) -> dict[str, str]:
        return {
            "received_total": f"{self.received:.2f}",
            "directed_total": f"{self.directed:.2f}",
            "undirected_total": f"{self.undirected:.2f}",
            "disbursed_total": f"{self.disbursed:.2f}",
            "balance": f"{self.balance:.2f}",
        }


@dataclass
class OrganisationFigures:
    id: int
    name: str
    total: Figures = field(default_factory=Figures)
    money: Figures = field(default_factory=Figures)
    goods: Figures = field(default_factory=Figures)


@dataclass
class CampaignSummary:
    campaign: Campaign
    total: Figures
    money: Figures
    goods: Figures
    organisations: list[OrganisationFigures]
    last_updated: datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign_id": self.campaign.pk,
            **self.total.as_strings(),
            "money": self.money.as_strings(),
            "goods": self.goods.as_strings(),
            "organisations": [
                {
                    "id": o.id,
                    "name": o.name,
                    **o.total.as_strings(),
                    "money": o.money.as_strings(),
                    "goods": o.goods.as_strings(),
                }
                for o in self.organisations
            ],
            "last_updated": self.last_updated.isoformat() if self.last_updated else None,
        }


def last_updated(campaign: Campaign) -> datetime | None:
    """When the campaign's figures last changed: a donation recorded, a disbursement
    approved, or a correction made."""
    times = [
        Donation.objects.filter(campaign=campaign).aggregate(t=Max("recorded_at"))["t"],
        Disbursement.objects.filter(campaign=campaign, status="approved").aggregate(
            t=Max("decided_at")
        )["t"],
        CorrectionNote.objects.filter(campaign=campaign).aggregate(t=Max("created_at"))["t"],
    ]
    known = [t for t in times if t is not None]
    return max(known) if known else None


def campaign_summary(campaign: Campaign) -> CampaignSummary:
    funds = list(
        Fund.objects.filter(campaign=campaign)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )
    totals = balances(a for f in funds for a in (f.income_account_id, f.expense_account_id))
    summary = CampaignSummary(campaign, Figures(), Figures(), Figures(), [], None)
    by_org: dict[int, OrganisationFigures] = {
        o.pk: OrganisationFigures(o.pk, o.name) for o in campaign.organisations.order_by("name")
    }
    for fund in funds:
        received = -totals[fund.income_account_id]
        disbursed = totals[fund.expense_account_id]
        org = by_org.setdefault(
            fund.organisation_id, OrganisationFigures(fund.organisation_id, fund.organisation.name)
        )
        part = "money" if fund.kind == FundKind.MONEY else "goods"
        for figures in (summary.total, getattr(summary, part), org.total, getattr(org, part)):
            figures.add(received=received, disbursed=disbursed, directed=fund.is_directed)
    summary.organisations = list(by_org.values())
    summary.last_updated = last_updated(campaign)
    return summary
