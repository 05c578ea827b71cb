"""Public pages and API (no login), the exports, receipts, and the staff console."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cityplatform.charity.models import Disbursement, Donation
from cityplatform.charity.services import LineInput, disbursement_approve, disbursement_propose
from cityplatform.charity.views import receipt_print_url

from .conftest import give

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(world):  # type: ignore[no-untyped-def]
    give(world, "500000.00", credit_code="91430281MA4L1BJ450")
    give(world, "200.00", donor_kind="individual", donor_name="李四", publish_name=False)
    directed = give(world, "1000.00", designation=world.hospital, donor_name="华联瓷业")
    give(world, "600.00", kind="goods", item="口罩", quantity="200", unit="只")
    proposal = disbursement_propose(
        actor=world.clerk,
        campaign=world.campaign,
        organisation=world.cishan,
        recipient="醴陵市人民医院",
        purpose="采购防护服",
        designation=world.hospital,
        lines=[LineInput(directed.fund, amount="400.00")],
    )
    disbursement_approve(actor=world.reviewer, disbursement=proposal)
    world.directed = directed
    return world


def test_public_api(filled, client) -> None:  # type: ignore[no-untyped-def]
    listing = client.get("/api/charity/campaigns").json()
    assert listing["count"] == 1
    assert listing["items"][0]["organisations"] == ["醴陵市慈善会", "醴陵市红十字会"]
    summary = client.get(f"/api/charity/campaigns/{filled.campaign.pk}/summary").json()
    assert summary["received_total"] == "501800.00"
    assert summary["directed_total"] == "1000.00"
    assert summary["undirected_total"] == "500800.00"
    assert summary["disbursed_total"] == "400.00"
    assert summary["balance"] == "501400.00"
    assert summary["goods"]["received_total"] == "600.00"
    assert summary["money"]["received_total"] == "501200.00"
    assert summary["last_updated"]
    donations = client.get(f"/api/charity/campaigns/{filled.campaign.pk}/donations").json()
    donors = {d["donor"] for d in donations["items"]}
    assert "匿名" in donors
    assert "李四" not in donors
    assert "91430281MA4L1BJ450" not in str(donations)
    paid = client.get(f"/api/charity/campaigns/{filled.campaign.pk}/disbursements").json()
    assert paid["items"][0]["amount"] == "400.00"
    assert paid["items"][0]["directed"] is True
    missing = client.get("/api/charity/campaigns/999999/summary")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_disclosure_page_and_downloads(filled, client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/charity/campaigns/{filled.campaign.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "501800.00" in text
    assert "匿名" in text
    assert "李四" not in text
    assert "91430281MA4L1BJ450" not in text
    assert "醴陵市人民医院" in text  # the directed gift's trace
    assert 'class="echart"' in text

    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(
                        f"/charity/campaigns/{filled.campaign.pk}/export.csv?table=donations"
                    ).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 5
    assert "匿名" in {r[2] for r in rows}

    response = client.get(f"/charity/campaigns/{filled.campaign.pk}/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    summary_sheet = workbook[workbook.sheetnames[0]]
    assert summary_sheet.cell(row=2, column=3).value == "501800.00"
    assert client.get(f"/charity/campaigns/{filled.campaign.pk}/export.pdf").status_code == 404


def test_receipts_verify_in_public_and_print_with_the_donors_link(filled, client) -> None:  # type: ignore[no-untyped-def]
    number = filled.directed.receipt_number
    page = client.get(f"/charity/receipts/{number}/").content.decode()
    assert "醴陵市人民医院" in page
    assert "400.00" in page
    assert client.get("/charity/receipts/NOPE123/").status_code == 404
    assert client.get(f"/charity/receipts/?number={number.lower()}").status_code == 302
    printed = client.get(receipt_print_url(filled.directed))
    assert printed.status_code == 200
    assert "华联瓷业" in printed.content.decode()
    assert client.get(f"/charity/receipts/{number}/print/forged/").status_code == 404


def test_console_flow_with_maker_and_checker(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.clerk)
    response = client.post(
        "/charity/console/donations/new/",
        {
            "campaign": world.campaign.pk,
            "organisation": world.cishan.pk,
            "received_on": "2020-02-01",
            "donor_kind": "enterprise",
            "donor_name": "醴陵农商银行",
            "kind": "money",
            "amount": "10.005",
        },
    )
    assert response.status_code == 400
    assert "两位小数" in response.content.decode()
    assert Donation.objects.count() == 0
    response = client.post(
        "/charity/console/donations/new/",
        {
            "campaign": world.campaign.pk,
            "organisation": world.cishan.pk,
            "received_on": "2020-02-01",
            "donor_kind": "enterprise",
            "donor_name": "醴陵农商银行",
            "kind": "money",
            "amount": "500000",
            "publish_name": "on",
        },
    )
    assert response.status_code == 302
    fund = Donation.objects.get().fund
    response = client.post(
        "/charity/console/disbursements/new/",
        {
            "campaign": world.campaign.pk,
            "organisation": world.cishan.pk,
            "recipient": "醴陵市人民医院",
            "purpose": "采购",
            "fund_1": fund.pk,
            "amount_1": "600000.00",
        },
    )
    assert response.status_code == 400
    assert "500000.00" in response.content.decode()
    client.post(
        "/charity/console/disbursements/new/",
        {
            "campaign": world.campaign.pk,
            "organisation": world.cishan.pk,
            "recipient": "醴陵市人民医院",
            "purpose": "采购",
            "fund_1": fund.pk,
            "amount_1": "1000.00",
        },
    )
    proposal = Disbursement.objects.get()
    # The maker cannot approve it: no approve button, and a forced POST is refused.
    client.force_login(world.both)
    client.post(
        "/charity/console/disbursements/new/",
        {
            "campaign": world.campaign.pk,
            "organisation": world.cishan.pk,
            "recipient": "x",
            "purpose": "y",
            "fund_1": fund.pk,
            "amount_1": "1.00",
        },
    )
    own = Disbursement.objects.get(proposed_by=world.both)
    console = client.get("/charity/console/").content.decode()
    assert f"/charity/console/disbursements/{own.pk}/decide/" not in console
    response = client.post(
        f"/charity/console/disbursements/{own.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert "另一位工作人员" in response.content.decode()
    own.refresh_from_db()
    assert own.status == "proposed"

    client.force_login(world.reviewer)
    client.post(f"/charity/console/disbursements/{proposal.pk}/decide/", {"decision": "approve"})
    proposal.refresh_from_db()
    assert proposal.status == "approved"

    client.force_login(world.outsider)
    assert (
        client.post(
            f"/charity/console/disbursements/{own.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 404
    )
    client.logout()
    assert client.get("/charity/console/").status_code == 302
    assert Decimal(
        client.get(f"/api/charity/campaigns/{world.campaign.pk}/summary").json()["disbursed_total"]
    ) == Decimal("1000.00")
