"""Importing service records from CSV or XLSX: every row or none."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cityplatform.core.errors import DomainError
from cityplatform.volunteers.models import ServiceRecord
from cityplatform.volunteers.services import read_rows, service_records_import
from cityplatform.volunteers.tests.conftest import LI, WANG, ZHANG, activity, enrol, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(world):  # type: ignore[no-untyped-def]
    zhang = enrol(world.yigong_org, "张三", ZHANG)
    li = enrol(world.yigong_org, "李四", LI, joined_on=date(2020, 2, 5))
    first = activity(world.yigong_org, on=date(2020, 2, 1))
    second = activity(world.yigong_org, on=date(2020, 2, 8))
    return {"zhang": zhang, "li": li, "first": first, "second": second}


def _csv(lines: list[str], encoding: str = "utf-8-sig") -> bytes:
    return "\n".join(lines).encode(encoding)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_import(world, sheet) -> None:  # type: ignore[no-untyped-def]
    data = _csv(
        [
            "姓名,身份证号,活动编号,服务时长",
            f"张三,{ZHANG},{sheet['first'].pk},2.5",
            f"张三,{ZHANG},{sheet['second'].pk},3",
            f",{LI},{sheet['second'].pk},1.5",
            ",,,",
        ],
        encoding="gb18030",
    )
    rows = read_rows("签到表.csv", data)
    assert [r.line for r in rows] == [2, 3, 4]
    assert service_records_import(organization=world.yigong_org, rows=rows) == 3
    assert ServiceRecord.objects.count() == 3


def test_xlsx_import_with_numeric_cells(world, sheet) -> None:  # type: ignore[no-untyped-def]
    data = _xlsx(
        [
            ["身份证号", "活动编号", "服务时长"],
            [ZHANG, sheet["first"].pk, 2.5],
            [LI, sheet["second"].pk, 4],
        ]
    )
    rows = read_rows("sheet.xlsx", data)
    assert service_records_import(organization=world.yigong_org, rows=rows, actor=world.yigong) == 2
    assert sorted(str(r.hours) for r in ServiceRecord.objects.all()) == ["2.50", "4.00"]


def test_one_bad_row_refuses_the_whole_file(world, sheet) -> None:  # type: ignore[no-untyped-def]
    serve(sheet["zhang"], sheet["second"], "1")
    other = activity(world.shiting_org)
    data = _csv(
        [
            "身份证号,活动编号,服务时长,姓名",
            f"{ZHANG},{sheet['first'].pk},2,张三",  # fine
            f"{LI},{sheet['first'].pk},2,李四",  # before joining
            f"{ZHANG},{sheet['second'].pk},2,张三",  # already recorded
            "430281199001010018,1,2,",  # bad check digit
            f"{WANG},{sheet['first'].pk},2,",  # nobody with this number
            f"{ZHANG},{other.pk},2,",  # someone else's activity
            f"{ZHANG},{sheet['first'].pk},-1,",  # negative hours
            f"{LI},{sheet['second'].pk},30,",  # more than a day
            f"{LI},{sheet['second'].pk},2,王五",  # name does not match
            f"{ZHANG},{sheet['first'].pk},2,",  # duplicate of line 2 in the file
        ]
    )
    with pytest.raises(DomainError) as info:
        service_records_import(organization=world.yigong_org, rows=read_rows("x.csv", data))
    assert info.value.code == "import_refused"
    refused = {row["line"] for row in info.value.details["rows"]}
    assert refused == set(range(3, 12))
    assert ServiceRecord.objects.count() == 1  # only the record made before


def test_unreadable_files(world) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        read_rows("x.csv", _csv(["名字,电话", "张三,138"]))
    with pytest.raises(ValidationError):
        read_rows("x.xlsx", b"not a workbook")
    with pytest.raises(ValidationError):
        read_rows("x.csv", b"")
    with pytest.raises(DomainError):
        service_records_import(organization=world.yigong_org, rows=[])


def test_import_page(client, world, sheet) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/volunteers/staff/import/").status_code == 302  # log in first
    client.force_login(world.stranger)
    assert client.get("/volunteers/staff/import/").status_code == 404
    client.force_login(world.yigong)
    page = client.get("/volunteers/staff/import/").content.decode()
    assert "醴陵市义工联合会" in page
    assert "石亭镇志愿服务队" not in page

    bad = SimpleUploadedFile(
        "sheet.csv", _csv(["身份证号,活动编号,服务时长", f"{LI},{sheet['first'].pk},2"])
    )
    response = client.post(
        "/volunteers/staff/import/", {"organization": world.yigong_org.pk, "file": bad}
    )
    assert response.status_code == 400
    assert "2020-02-05" in response.content.decode()
    assert not ServiceRecord.objects.exists()

    good = SimpleUploadedFile(
        "sheet.xlsx",
        _xlsx([["身份证号", "活动编号", "服务时长"], [ZHANG, sheet["first"].pk, "2"]]),
    )
    response = client.post(
        "/volunteers/staff/import/", {"organization": world.yigong_org.pk, "file": good}
    )
    assert response.status_code == 302
    assert ServiceRecord.objects.get().recorded_by == world.yigong

    # Another organisation is not a choice for this user.
    response = client.post(
        "/volunteers/staff/import/",
        {"organization": world.shiting_org.pk, "file": SimpleUploadedFile("a.csv", b"x")},
    )
    assert response.status_code == 400
