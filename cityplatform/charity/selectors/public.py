"""What anyone may see: public campaigns, their donation and disbursement lists, the
trace of directed gifts, receipts by number, and the series behind the charts."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.http import Http404

from cityplatform.charity.models import (
    Campaign,
    CorrectionNote,
    Disbursement,
    DisbursementLine,
    DisclosurePublication,
    Donation,
)

ZERO = Decimal("0.00")


def campaigns_public() -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(is_public=True)
        .prefetch_related("organisations")
        .order_by("-start_date", "id")
    )


def campaign_public_get(pk: int) -> Campaign:
    campaign = campaigns_public().filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def donations_public(campaign: Campaign) -> QuerySet[Donation]:
    """Every donation, newest first; corrected ones stay listed beside their note."""
    return (
        Donation.objects.filter(campaign=campaign)
        .select_related("donor", "organisation", "designation", "correction")
        .order_by("-received_on", "-id")
    )


def disbursements_public(campaign: Campaign) -> QuerySet[Disbursement]:
    """Every approved disbursement, newest first; corrected ones stay listed beside
    their note, and a re-posted one names the note it was posted by."""
    return (
        Disbursement.objects.filter(campaign=campaign, status=Disbursement.Status.APPROVED)
        .select_related(
            "organisation",
            "designation",
            "place",
            "correction__replacement",
            "from_correction__disbursement",
        )
        .prefetch_related(
            Prefetch("lines", queryset=DisbursementLine.objects.select_related("fund__designation"))
        )
        .order_by("-decided_at", "-id")
    )


def publications(campaign: Campaign) -> QuerySet[DisclosurePublication]:
    return campaign.publications.order_by("-published_at", "-id")


def corrections(campaign: Campaign) -> QuerySet[CorrectionNote]:
    return campaign.corrections.select_related("donation", "disbursement", "replacement").order_by(
        "-created_at", "-id"
    )


def fund_corrections(fund_id: int) -> QuerySet[CorrectionNote]:
    """Corrections of disbursements this fund paid: the trace of a gift shows them."""
    return (
        CorrectionNote.objects.filter(disbursement__lines__fund_id=fund_id)
        .select_related("disbursement", "replacement")
        .order_by("created_at", "id")
    )


def receipt_get(number: str) -> Donation:
    donation = (
        Donation.objects.filter(receipt_number=number.strip().upper(), campaign__is_public=True)
        .select_related("donor", "organisation", "campaign", "designation", "correction")
        .first()
    )
    if donation is None:
        raise Http404
    return donation


@dataclass
class TraceStep:
    disbursement: Disbursement
    amount: Decimal
    quantity: Decimal | None


def donation_trace(donation: Donation) -> list[TraceStep]:
    """Where a gift went: the disbursements its fund paid, first in first out.

    A fund pools the gifts for one purpose; gifts are used in the order received and
    disbursements in the order approved, so each gift is followed to the disbursements
    (and the part of each) that used it. A corrected disbursement no longer draws (its
    transaction was reversed); one re-posted in its place draws from when it was.
    """
    goods = donation.kind == "goods"
    gifts = list(
        Donation.objects.filter(fund_id=donation.fund_id, correction__isnull=True)
        .order_by("received_on", "id")
        .values_list("pk", "amount", "quantity")
    )
    lines = list(
        DisbursementLine.objects.filter(
            fund_id=donation.fund_id,
            disbursement__status=Disbursement.Status.APPROVED,
            disbursement__correction__isnull=True,
        )
        .select_related(
            "disbursement__place", "disbursement__correction", "disbursement__from_correction"
        )
        .order_by("disbursement__decided_at", "disbursement_id")
    )
    # Walk both queues in the unit the fund is drawn in (quantity for goods).
    before = ZERO
    mine = ZERO
    for pk, amount, quantity in gifts:
        size: Decimal = (quantity if goods else amount) or ZERO
        if pk == donation.pk:
            mine = size
            break
        before += size
    else:
        return []
    start, end = before, before + mine
    steps = []
    drawn = ZERO
    for line in lines:
        size = (line.quantity if goods else line.amount) or ZERO
        low, high = max(drawn, start), min(drawn + size, end)
        if high > low:
            part = high - low
            value = part if not goods else (line.amount or ZERO) * part / size
            steps.append(
                TraceStep(
                    line.disbursement,
                    value.quantize(Decimal("0.01")),
                    part if goods else None,
                )
            )
        drawn += size
        if drawn >= end:
            break
    return steps


def daily_series(campaign: Campaign) -> dict[str, list[object]]:
    """Per day: money and goods received, and disbursed (approved), for the charts."""
    received: dict[date, dict[str, Decimal]] = defaultdict(lambda: {"money": ZERO, "goods": ZERO})
    rows = (
        Donation.objects.filter(campaign=campaign, correction__isnull=True)
        .values("received_on", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        received[row["received_on"]][row["kind"]] += row["total"]
    disbursed: dict[date, Decimal] = defaultdict(lambda: ZERO)
    paid = (
        DisbursementLine.objects.filter(
            disbursement__campaign=campaign,
            disbursement__status=Disbursement.Status.APPROVED,
            disbursement__correction__isnull=True,
        )
        .annotate(day=TruncDate("disbursement__decided_at"))
        .values("day")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for paid_row in paid:
        disbursed[paid_row["day"]] += paid_row["total"] or ZERO
    days = sorted(set(received) | set(disbursed))
    return {
        "days": [d.isoformat() for d in days],
        "money": [received[d]["money"] for d in days],
        "goods": [received[d]["goods"] for d in days],
        "disbursed": [disbursed[d] for d in days],
    }
