"""In a real browser: open the disclosure page (no login) and download the XLSX."""

import io
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db: Any) -> None:
    from django.core.management import call_command

    call_command("load_demo", "charity", stdout=io.StringIO())


def test_open_the_disclosure_page_and_download_the_xlsx(
    demo_data: None,  # first: loaded before the browser's event loop starts
    browser_page: Any,
    live_server: Any,
) -> None:
    page = browser_page
    page.goto(live_server.url + "/charity/")
    page.click("a.campaign-link >> text=抗击新冠肺炎疫情")
    page.wait_for_load_state()
    assert page.inner_text("#received-total") == "2695600.00"
    assert page.inner_text("#directed-total") == "634100.00"
    assert "醴陵农商银行" in page.content()
    page.wait_for_selector("div.echart canvas")  # ECharts drew under the strict CSP
    with page.expect_download() as download_info:
        page.click("a.download-xlsx")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    summary = workbook[workbook.sheetnames[0]]
    assert summary.cell(row=2, column=3).value == "2695600.00"
    assert summary.cell(row=2, column=4).value == "634100.00"
    donations = workbook[workbook.sheetnames[1]]
    assert any(row[2] == "醴陵农商银行" for row in donations.iter_rows(values_only=True))
