"""XLSX exports: the grid and a day's figures in the bureau's layout (in Chinese, the
platform's language), audited."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from cityplatform.audit.models import AuditEntry
from cityplatform.reports.tests.conftest import file, file_town
from conftest import LAILONGMEN, LILING, MAFANGTANG

pytestmark = pytest.mark.django_db

BASE = "/reports/children_care"


def _sheet(response):  # type: ignore[no-untyped-def]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def test_the_grid_export(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    file(kind, people.guxian, "430281108200", hhmm="11:00")
    client.force_login(people.liling)
    response = client.get(f"{BASE}/{LILING}/grid.xlsx", {"month": "2020-02"})
    assert 'filename="children_care-430281000000-2020-02.xlsx"' in response["Content-Disposition"]
    sheet = _sheet(response)
    assert sheet["A1"].value == "醴陵市四类儿童每日报告完成及时情况"
    assert sheet["A2"].value == "统计期间：2020年2月1日至2020年2月29日"
    assert sheet["A3"].value.startswith("填报单位：醴陵市    计量单位：个（村、社区）")
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["序号", "单位", "应报", "02-01"]
    assert header[-4:] == ["按时", "迟报", "未报", "上报率（%）"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    lailongmen = rows["来龙门街道"]
    assert lailongmen[2] == 12
    assert lailongmen[3 + 2] == 12  # 02-03: all twelve reported
    assert lailongmen[-4:-1] == (12, 0, 12 * 29 - 12)
    total = rows["合计"]
    assert total[2] == 270
    assert total[3 + 2] == 13
    assert total[-3] == 1  # one late
    fill = sheet.cell(row=5 + list(rows).index("来龙门街道"), column=6).fill.fgColor.rgb
    assert fill.endswith("C6EFCE")
    entry = AuditEntry.objects.get(action="export")
    assert (entry.object_type, entry.object_id, entry.actor) == (
        "reports.grid",
        "children_care:2020-02",
        people.liling,
    )


def test_the_day_figures_export(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    file(kind, people.mafangtang, MAFANGTANG, hhmm="12:00", new_lacking_care=2, placed=1)
    file(kind, people.guxian, "430281108200", new_lacking_care=1)
    client.force_login(people.liling)
    sheet = _sheet(client.get(f"{BASE}/{LILING}/2020-02-03.xlsx"))
    assert sheet["A1"].value == "醴陵市四类儿童每日报告汇总表"
    assert sheet["A2"].value == "报告日期：2020年2月3日"
    assert sheet["A3"].value == "填报单位：醴陵市（盖章）    计量单位：人"
    header = [c.value for c in sheet[4]]
    assert header[8:10] == ["新发现缺乏照料儿童数", "已安置儿童数"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert rows["来龙门街道"][2:10] == (12, 12, 12, 0, 0, 11, 2, 1)
    assert rows["石亭镇"][-1].startswith("未报：竹花山村、山水村")
    assert rows["合计"][2:10] == (270, 13, 13, 0, 257, 11, 3, 1)
    assert sheet.cell(row=sheet.max_row, column=1).value.startswith("填表人：")
    town = _sheet(client.get(f"{BASE}/{LAILONGMEN}/2020-02-03.xlsx"))
    names = [row[1] for row in town.iter_rows(min_row=5, values_only=True) if row[1]]
    assert names[0] == "马放塘社区"
    assert names[-1] == "合计"
    assert (
        AuditEntry.objects.filter(action="export", object_type="reports.day_figures").count() == 2
    )
