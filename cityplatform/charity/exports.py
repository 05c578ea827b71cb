"""The disclosure as files: CSV (one table) and XLSX (summary, donations, disbursements).

Rows come from the same selectors as the page, iterated in chunks, so a campaign with
a million donations streams without loading them all.
"""

import csv
import io
from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from cityplatform.charity.models import Campaign, Disbursement
from cityplatform.charity.selectors import public
from cityplatform.charity.selectors.summary import CampaignSummary, campaign_summary

TABLES = ("summary", "donations", "disbursements")


def local_day(moment: datetime) -> str:
    """The day of a moment where the campaign is (TIME_ZONE), as 2020-01-30: a time
    stored in UTC is the day before in Zhuzhou until 08:00."""
    return timezone.localdate(moment).isoformat()


def summary_rows(summary: CampaignSummary) -> Iterator[list[str]]:
    yield [
        _("Organisation"),
        _("Part"),
        pgettext("amount received", "Received"),
        _("Directed"),
        _("Undirected"),
        _("Disbursed"),
        _("Remaining"),
    ]
    parts = [
        (pgettext("all organisations", "All"), summary.total, summary.money, summary.goods)
    ] + [(o.name, o.total, o.money, o.goods) for o in summary.organisations]
    for name, total, money, goods in parts:
        for label, figures in (
            (_("Money and goods"), total),
            (_("Money"), money),
            (_("Goods (valuation)"), goods),
        ):
            values = figures.as_strings()
            yield [
                name,
                label,
                values["received_total"],
                values["directed_total"],
                values["undirected_total"],
                values["disbursed_total"],
                values["balance"],
            ]


def donation_rows(campaign: Campaign) -> Iterator[list[str]]:
    yield [
        _("Receipt number"),
        _("Received on"),
        _("Donor"),
        _("Receiving organisation"),
        _("Kind"),
        _("Amount or valuation (yuan)"),
        _("Item"),
        _("Quantity"),
        _("Unit"),
        _("Directed to"),
        _("Correction"),
    ]
    for d in public.donations_public(campaign).iterator(chunk_size=2000):
        correction = getattr(d, "correction", None)
        yield [
            d.receipt_number,
            d.received_on.isoformat(),
            d.public_donor_name,
            d.organisation.name,
            str(d.get_kind_display()),
            f"{d.amount:.2f}",
            d.item,
            "" if d.quantity is None else f"{d.quantity:.2f}",
            d.unit,
            str(d.designation) if d.designation_id else "",
            f"{local_day(correction.created_at)} {correction.reason}" if correction else "",
        ]


def disbursement_correction_text(d: Disbursement) -> str:
    """The dated note beside a corrected disbursement, or beside the one re-posted."""
    correction = getattr(d, "correction", None)
    if correction is not None:
        replacement = getattr(correction, "replacement", None)
        after = (
            _("replaced by #%(number)s") % {"number": replacement.pk}
            if replacement is not None
            else _("withdrawn")
        )
        return f"{local_day(correction.created_at)} {correction.reason} · {after}"
    source = d.from_correction
    if source is not None:
        return f"{local_day(source.created_at)} {source.reason} · " + _(
            "in place of #%(number)s"
        ) % {"number": source.disbursement_id}
    return ""


def disbursement_rows(campaign: Campaign) -> Iterator[list[str]]:
    yield [
        _("Number"),
        _("Approved on"),
        _("Organisation"),
        _("Recipient"),
        _("Purpose"),
        _("Where"),
        _("Amount (yuan)"),
        _("Paid from"),
        _("Correction"),
    ]
    for d in public.disbursements_public(campaign).iterator(chunk_size=2000):
        lines = list(d.lines.all())
        yield [
            str(d.pk),
            local_day(d.decided_at) if d.decided_at else "",
            d.organisation.name,
            d.recipient,
            d.purpose,
            d.place.name if d.place else "",
            f"{sum(line.amount or 0 for line in lines):.2f}",
            "；".join(
                f"{line.fund} {line.amount:.2f}"
                + (f" ({line.quantity:.2f}{line.fund.unit})" if line.quantity else "")
                for line in lines
            ),
            disbursement_correction_text(d),
        ]


def rows_for(campaign: Campaign, table: str) -> Iterator[list[str]]:
    if table == "donations":
        return donation_rows(campaign)
    if table == "disbursements":
        return disbursement_rows(campaign)
    return summary_rows(campaign_summary(campaign))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[list[str]]) -> Iterator[str]:
    # A byte-order mark first, so spreadsheet programs read the Chinese as UTF-8.
    yield "\ufeff"
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(campaign: Campaign) -> bytes:
    workbook = Workbook(write_only=True)
    for table, title in (
        ("summary", _("Summary")),
        ("donations", _("Donations")),
        ("disbursements", _("Disbursements")),
    ):
        sheet = workbook.create_sheet(title=str(title))
        for row in rows_for(campaign, table):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
