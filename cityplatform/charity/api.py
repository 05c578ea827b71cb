"""Charity API, mounted at /api/charity/. Public, no login: what the disclosure pages show.

Money is a decimal string in yuan ("2695600.00"). Totals count money plus the
valuation of goods; `money` and `goods` give the two apart.
"""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from cityplatform.charity.models import Campaign, Disbursement, Donation
from cityplatform.charity.selectors import public
from cityplatform.charity.selectors.summary import campaign_summary
from cityplatform.core.pagination import Pagination

router = Router(tags=["charity"])


class CampaignOut(Schema):
    id: int
    name: str
    start_date: date
    end_date: date | None
    is_emergency: bool
    organisations: list[str]

    @staticmethod
    def resolve_organisations(obj: Campaign) -> list[str]:
        return [o.name for o in obj.organisations.all()]


class FiguresOut(Schema):
    received_total: str
    directed_total: str
    undirected_total: str
    disbursed_total: str
    balance: str


class OrganisationFiguresOut(FiguresOut):
    id: int
    name: str
    money: FiguresOut
    goods: FiguresOut


class SummaryOut(FiguresOut):
    campaign_id: int
    name: str
    money: FiguresOut
    goods: FiguresOut
    organisations: list[OrganisationFiguresOut]
    last_updated: datetime | None


class DonationOut(Schema):
    receipt_number: str
    received_on: date
    donor: str
    organisation: str
    kind: str
    amount: str
    item: str
    quantity: str | None
    unit: str
    directed: bool
    purpose: str
    corrected: bool

    @staticmethod
    def resolve_donor(obj: Donation) -> str:
        return obj.public_donor_name

    @staticmethod
    def resolve_organisation(obj: Donation) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_amount(obj: Donation) -> str:
        return f"{obj.amount:.2f}"

    @staticmethod
    def resolve_quantity(obj: Donation) -> str | None:
        return None if obj.quantity is None else f"{obj.quantity:.2f}"

    @staticmethod
    def resolve_directed(obj: Donation) -> bool:
        return obj.is_directed

    @staticmethod
    def resolve_purpose(obj: Donation) -> str:
        return str(obj.designation) if obj.designation_id else ""

    @staticmethod
    def resolve_corrected(obj: Donation) -> bool:
        return hasattr(obj, "correction")


class DisbursementOut(Schema):
    id: int
    decided_at: datetime | None
    organisation: str
    recipient: str
    purpose: str
    place: str
    amount: str
    directed: bool
    # Corrected: its transaction was reversed (see the correction notes); `replaces`
    # names the disbursement a re-posted one stands in place of.
    corrected: bool
    replaces: int | None

    @staticmethod
    def resolve_corrected(obj: Disbursement) -> bool:
        return hasattr(obj, "correction")

    @staticmethod
    def resolve_replaces(obj: Disbursement) -> int | None:
        return obj.from_correction.disbursement_id if obj.from_correction else None

    @staticmethod
    def resolve_organisation(obj: Disbursement) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_place(obj: Disbursement) -> str:
        return obj.place.name if obj.place_id and obj.place else ""

    @staticmethod
    def resolve_amount(obj: Disbursement) -> str:
        return f"{sum(line.amount or 0 for line in obj.lines.all()):.2f}"

    @staticmethod
    def resolve_directed(obj: Disbursement) -> bool:
        return any(line.fund.designation_id for line in obj.lines.all())


@router.get("/campaigns", response=list[CampaignOut])
@paginate(Pagination)
def campaigns(request: HttpRequest) -> object:
    return public.campaigns_public()


@router.get("/campaigns/{campaign_id}/summary", response=SummaryOut)
def summary(request: HttpRequest, campaign_id: int) -> dict[str, object]:
    campaign = public.campaign_public_get(campaign_id)
    return {"name": campaign.name, **campaign_summary(campaign).as_dict()}


@router.get("/campaigns/{campaign_id}/donations", response=list[DonationOut])
@paginate(Pagination)
def donations(request: HttpRequest, campaign_id: int) -> object:
    return public.donations_public(public.campaign_public_get(campaign_id))


@router.get("/campaigns/{campaign_id}/disbursements", response=list[DisbursementOut])
@paginate(Pagination)
def disbursements(request: HttpRequest, campaign_id: int) -> object:
    return public.disbursements_public(public.campaign_public_get(campaign_id))
