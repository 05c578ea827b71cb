"""Public pages: campaigns, each campaign's disclosure (信息公开) with downloads, and
receipts (verification by number for anyone; the printable receipt for the donor)."""

from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cityplatform.charity import charts, exports
from cityplatform.charity.models import CorrectionNote, Donation
from cityplatform.charity.selectors import public
from cityplatform.charity.selectors.summary import campaign_summary

PAGE_SIZE = 20
RECEIPT_SALT = "charity.receipt.print"


def receipt_print_url(donation: Donation) -> str:
    """The donor's own link to print the receipt (signed: the number alone is not enough,
    as the printed receipt names the donor even when the public list does not)."""
    token = signing.dumps(donation.receipt_number, salt=RECEIPT_SALT)
    return reverse("charity:receipt_print", args=[donation.receipt_number, token])


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = [(c, campaign_summary(c)) for c in public.campaigns_public()[:50]]
    return render(request, "charity/campaign_list.html", {"campaigns": campaigns})


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = public.campaign_public_get(pk)
    donations = Paginator(public.donations_public(campaign), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    disbursements = Paginator(public.disbursements_public(campaign), PAGE_SIZE).get_page(
        request.GET.get("dpage")
    )
    directed = (
        public.donations_public(campaign)
        .filter(designation__isnull=False)
        .order_by("received_on", "id")[:50]
    )
    fund_notes: dict[int, list[CorrectionNote]] = {}
    traces = []
    for d in directed:
        if d.fund_id not in fund_notes:
            fund_notes[d.fund_id] = list(public.fund_corrections(d.fund_id))
        traces.append((d, public.donation_trace(d), fund_notes[d.fund_id]))
    summary = campaign_summary(campaign)
    summary_rows = [
        (_("Money and goods"), summary.total),
        (_("Money"), summary.money),
        (_("Goods (valuation)"), summary.goods),
    ]
    return render(
        request,
        "charity/campaign_detail.html",
        {
            "campaign": campaign,
            "summary": summary,
            "summary_rows": summary_rows,
            "donations": donations,
            "disbursements": disbursements,
            "traces": traces,
            "largest": public.donations_public(campaign)
            .filter(correction__isnull=True)
            .order_by("-amount", "id")[:10],
            "publications": public.publications(campaign),
            "corrections": public.corrections(campaign),
            "charts": charts.over_time_options(campaign),
        },
    )


@require_GET
def campaign_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    campaign = public.campaign_public_get(pk)
    stem = f"charity-campaign-{campaign.pk}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(campaign),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    table = request.GET.get("table", "donations")
    if fmt != "csv" or table not in exports.TABLES:
        raise Http404
    streaming = StreamingHttpResponse(
        exports.csv_lines(exports.rows_for(campaign, table)), content_type="text/csv; charset=utf-8"
    )
    streaming["Content-Disposition"] = f'attachment; filename="{stem}-{table}.csv"'
    return streaming


@require_GET
def receipt_lookup(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip().upper()[:24]
    if number:
        return redirect("charity:receipt", number=number)
    return render(request, "charity/receipt_lookup.html", {})


@require_GET
def receipt_detail(request: HttpRequest, number: str) -> HttpResponse:
    try:
        donation = public.receipt_get(number)
    except Http404:
        return render(request, "charity/receipt_lookup.html", {"not_found": number}, status=404)
    trace = public.donation_trace(donation) if donation.is_directed else []
    trace_notes = list(public.fund_corrections(donation.fund_id)) if donation.is_directed else []
    return render(
        request,
        "charity/receipt_detail.html",
        {"donation": donation, "trace": trace, "trace_notes": trace_notes},
    )


@require_GET
def receipt_print(request: HttpRequest, number: str, token: str) -> HttpResponse:
    try:
        signed = signing.loads(token, salt=RECEIPT_SALT)
    except signing.BadSignature:
        raise Http404 from None
    if signed != number:
        raise Http404
    donation = public.receipt_get(number)
    return render(request, "charity/receipt_print.html", {"donation": donation})
