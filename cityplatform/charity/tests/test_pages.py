"""Public pages and API (no login), the exports, receipts, and the staff console."""

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cityplatform.charity.models import Disbursement, Donation
from cityplatform.charity.services import LineInput, disbursement_approve, disbursement_propose
from cityplatform.charity.views import receipt_print_url

from .conftest import give, pay

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
    updated = text.split('class="small last-updated">', 1)[1].split("</p>", 1)[0]
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", updated), updated

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


def test_a_correction_is_a_dated_note_beside_the_published_figures(filled, client) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from cityplatform.charity.services import disclosure_publish, donation_correct

    campaign = filled.campaign
    disclosure_publish(actor=filled.reviewer, campaign=campaign, kind="final")
    wrong = Donation.objects.get(amount=Decimal("200.00"))  # published, then found wrong
    note = donation_correct(actor=filled.reviewer, donation=wrong, reason="重复录入")
    today = f"{timezone.localtime(note.created_at):%Y-%m-%d}"

    text = client.get(f"/charity/campaigns/{campaign.pk}/").content.decode()
    figures = text[text.index('id="received-total"') : text.index('id="donations"')]
    # The published figures stay as published; the note, dated, stands beside them.
    assert "501600.00" in figures  # the figure now
    assert "501800.00" in figures  # the figure as published
    assert f"更正 {today}: 重复录入 ({wrong.receipt_number}, 接收 -200.00)" in figures
    # The corrected donation stays in the list, marked with the dated note.
    assert f"已更正 {today}: 重复录入" in text
    # The receipt's verification page says it was withdrawn, and when.
    receipt = client.get(f"/charity/receipts/{wrong.receipt_number}/").content.decode()
    assert f"{today}" in receipt
    assert "重复录入" in receipt
    assert "receipt-status valid" not in receipt
    # The API and the CSV carry the correction too.
    items = client.get(f"/api/charity/campaigns/{campaign.pk}/donations").json()["items"]
    assert {d["receipt_number"]: d["corrected"] for d in items}[wrong.receipt_number] is True
    csv_text = b"".join(
        client.get(f"/charity/campaigns/{campaign.pk}/export.csv?table=donations").streaming_content
    ).decode("utf-8-sig")
    assert f"{today} 重复录入" in csv_text
    summary = client.get(f"/api/charity/campaigns/{campaign.pk}/summary").json()
    assert summary["received_total"] == "501600.00"


def test_directed_goods_receipt_shows_what_was_given(world, client) -> None:  # type: ignore[no-untyped-def]
    masks = give(
        world,
        "2000.00",
        kind="goods",
        item="医用口罩",
        quantity="1000",
        unit="只",
        designation=world.shiting,
        donor_name="华联瓷业",
    )
    pay(
        world,
        [LineInput(masks.fund, quantity="300")],
        recipient="石亭镇卫生院",
        purpose="卡点防护",
        designation=world.shiting,
    )
    page = client.get(f"/charity/receipts/{masks.receipt_number}/").content.decode()
    assert "石亭镇卫生院" in page
    assert "卡点防护" in page
    assert "300只, 600.00" in page


def test_printed_receipt_never_shows_the_credit_code_or_id_number(world, client) -> None:  # type: ignore[no-untyped-def]
    bank = give(world, "10.00", credit_code="91430281MA4L1BJ450")
    person = give(
        world, "10.00", donor_kind="individual", donor_name="张三", id_number="11010519491231002X"
    )
    for donation in (bank, person):
        for url in (receipt_print_url(donation), f"/charity/receipts/{donation.receipt_number}/"):
            text = client.get(url).content.decode()
            assert "91430281MA4L1BJ450" not in text
            assert "11010519491231002X" not in text
            assert "19491231" not in text


def test_a_disbursement_correction_is_a_dated_note_on_every_public_view(filled, client) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from cityplatform.charity.services import disbursement_correct, disclosure_publish

    campaign = filled.campaign
    disclosure_publish(actor=filled.reviewer, campaign=campaign, kind="final")
    wrong = Disbursement.objects.get()
    note = disbursement_correct(
        actor=filled.reviewer,
        disbursement=wrong,
        reason="发票金额为300元",
        lines=[LineInput(filled.directed.fund, amount="300.00")],
    )
    replacement = note.replacement
    today = f"{timezone.localtime(note.created_at):%Y-%m-%d}"

    text = client.get(f"/charity/campaigns/{campaign.pk}/").content.decode()
    figures = text[text.index('id="received-total"') : text.index('id="donations"')]
    assert "501500.00" in figures  # remaining now: 501800 received, 300 disbursed
    assert "501400.00" in figures  # remaining as published
    assert (
        f"更正 {today}: 发票金额为300元 (拨付 #{wrong.pk} → #{replacement.pk}, 拨付 -100.00)"
        in (figures)
    )
    listed = text[text.index('id="disbursements"') : text.index('id="trace"')]
    row = listed[listed.index(f'id="disbursement-{wrong.pk}"') :].split("</tr>", 1)[0]
    assert 'class="corrected"' in row
    assert f"已更正 {today}: 发票金额为300元 · 由 #{replacement.pk} 代替" in row
    row = listed[listed.index(f'id="disbursement-{replacement.pk}"') :].split("</tr>", 1)[0]
    assert f"代替 #{wrong.pk} 的更正记录（{today}）" in row
    trace = text[text.index('id="trace"') :]
    assert "300.00" in trace
    assert f"更正 {today}: #{wrong.pk} 醴陵市人民医院 · 发票金额为300元" in trace

    receipt = client.get(f"/charity/receipts/{filled.directed.receipt_number}/").content.decode()
    assert f"代替 #{wrong.pk} 的更正记录（{today}）" in receipt
    assert "发票金额为300元" in receipt

    summary = client.get(f"/api/charity/campaigns/{campaign.pk}/summary").json()
    assert summary["disbursed_total"] == "300.00"
    items = client.get(f"/api/charity/campaigns/{campaign.pk}/disbursements").json()["items"]
    flags = {d["id"]: (d["corrected"], d["replaces"], d["amount"]) for d in items}
    assert flags == {wrong.pk: (True, None, "400.00"), replacement.pk: (False, wrong.pk, "300.00")}
    csv_text = b"".join(
        client.get(
            f"/charity/campaigns/{campaign.pk}/export.csv?table=disbursements"
        ).streaming_content
    ).decode("utf-8-sig")
    assert f"{today} 发票金额为300元 · 由 #{replacement.pk} 代替" in csv_text
    workbook = load_workbook(
        io.BytesIO(client.get(f"/charity/campaigns/{campaign.pk}/export.xlsx").content)
    )
    sheet = workbook[workbook.sheetnames[2]]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert f"{today} 发票金额为300元 · 代替 #{wrong.pk}" in cells


def test_console_corrects_a_disbursement_with_maker_and_checker_apart(filled, client) -> None:  # type: ignore[no-untyped-def]
    paid = Disbursement.objects.get()
    fund = filled.directed.fund
    url = f"/charity/console/disbursements/{paid.pk}/correct/"

    client.force_login(filled.outsider)
    assert client.get(url).status_code == 404
    client.force_login(filled.clerk)
    response = client.post(url, {"reason": "x", "purpose": "采购防护服", f"line_{fund.pk}": "1"})
    assert response.status_code == 400
    assert "您无权为 醴陵市慈善会 办理此事项" in response.content.decode()

    client.force_login(filled.reviewer)
    console = client.get("/charity/console/").content.decode()
    assert url in console
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="400.00"' in form.content.decode()
    response = client.post(
        url, {"reason": "金额录错", "purpose": "采购防护服", f"line_{fund.pk}": "1200"}
    )
    assert response.status_code == 400
    assert "1000.00" in response.content.decode()  # what the fund holds once reversed
    response = client.post(
        url, {"reason": "金额录错", "purpose": "采购防护服", f"line_{fund.pk}": "350"}
    )
    assert response.status_code == 302
    paid.refresh_from_db()
    assert paid.correction.replacement.lines.get().amount == Decimal("350.00")
    console = client.get("/charity/console/").content.decode()
    assert url not in console
    assert "金额录错" in console


def test_exported_days_are_zhuzhou_days_not_utc_days() -> None:
    # 17:00 UTC is 01:00 the next morning in Zhuzhou: the CSV says the next day, as the
    # pages do.
    from datetime import UTC, datetime

    from cityplatform.charity.exports import local_day

    assert local_day(datetime(2026, 11, 29, 17, 0, tzinfo=UTC)) == "2026-11-30"
    assert local_day(datetime(2026, 11, 29, 15, 59, tzinfo=UTC)) == "2026-11-29"
