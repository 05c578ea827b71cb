"""A kind's registry counts beside the reported sums: on a day's figures, its page and
its XLSX, with differences marked; computed in a fixed number of queries.

A fake kind stands in for the children registry: its "registry" is a dict here.
"""

from collections.abc import Iterator
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cityplatform.places.models import Place
from cityplatform.reports import kinds
from cityplatform.reports.kinds import ReportField, ReportKind
from cityplatform.reports.selectors.figures import day_figures
from cityplatform.reports.tests.conftest import DAY, SIFANG, file
from conftest import LAILONGMEN, LILING, MAFANGTANG

pytestmark = pytest.mark.django_db

# village code -> the registry's figures for DAY.
FAKE_REGISTRY: dict[str, dict[str, int]] = {}


def fake_registry_counts(prefix: str, day: date) -> dict[str, dict[str, int]]:
    if day != DAY:
        return {}
    return {code: dict(values) for code, values in FAKE_REGISTRY.items() if code.startswith(prefix)}


@pytest.fixture
def registry_kind() -> Iterator[ReportKind]:
    kind = ReportKind(
        code="fake_registry",
        label="Fake registry report",
        fields=[ReportField("new_found", "New"), ReportField("placed", "Placed")],
        registry_counts=fake_registry_counts,
    )
    kinds.register(kind, source="tests")
    FAKE_REGISTRY.clear()
    FAKE_REGISTRY[MAFANGTANG] = {"new_found": 2, "placed": 0}
    FAKE_REGISTRY[SIFANG] = {"new_found": 1, "placed": 1}
    yield kind
    kinds.unregister(kind.code)
    FAKE_REGISTRY.clear()


def test_a_zero_beside_the_registrys_two_is_marked(registry_kind, people) -> None:  # type: ignore[no-untyped-def]
    file(registry_kind, people.mafangtang, MAFANGTANG)  # a zero
    file(registry_kind, people.sifang, SIFANG, new_found=1, placed=1)
    town = Place.objects.get(code=LAILONGMEN)
    figures = day_figures(kind=registry_kind, place=town, day=DAY)
    assert figures.has_registry
    rows = {row.place.code: row for row in figures.rows}
    mafangtang = rows[MAFANGTANG]
    assert mafangtang.sums == {"new_found": 0, "placed": 0}
    assert mafangtang.registry == {"new_found": 2, "placed": 0}
    assert mafangtang.differs == ["new_found"]
    assert rows[SIFANG].differs == []
    assert figures.total.sums == {"new_found": 1, "placed": 1}
    assert figures.total.registry == {"new_found": 3, "placed": 1}
    assert figures.total.differs == ["new_found"]
    # The county's row for the town carries the same sums.
    county = day_figures(kind=registry_kind, place=Place.objects.get(code=LILING), day=DAY)
    (lailongmen,) = [row for row in county.rows if row.place.code == LAILONGMEN]
    assert (lailongmen.sums["new_found"], lailongmen.registry["new_found"]) == (1, 3)  # type: ignore[index]
    assert lailongmen.differs == ["new_found"]
    assert [row.place.code for row in county.rows if row.differs] == [LAILONGMEN]


def test_a_kind_without_a_registry_has_no_registry_figures(kind, people) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    plain = replace(kind, code="plain_kind", registry_counts=None)
    figures = day_figures(kind=plain, place=Place.objects.get(code=LAILONGMEN), day=DAY)
    assert not figures.has_registry
    assert all(row.registry is None and row.differs == [] for row in figures.rows)


def test_the_day_page_shows_and_marks_the_difference(registry_kind, people, client) -> None:  # type: ignore[no-untyped-def]
    file(registry_kind, people.mafangtang, MAFANGTANG)
    client.force_login(people.lailongmen)
    page = client.get(f"/reports/fake_registry/{LAILONGMEN}/2020-02-03/").content.decode()
    row = page.split(f'data-unit="{MAFANGTANG}"')[1].split("</tr>")[0]
    assert row.startswith(' data-differs="1"')
    assert '<td data-field="new_found" class="differs">0</td>' in row
    assert 'data-registry="new_found" data-differs="1"' in row
    assert ">2 ≠</td>" in row
    assert "与系统登记不一致" in row
    assert 'data-registry-total="new_found">3<' in page
    client.force_login(people.liling)
    county = client.get(f"/reports/fake_registry/{LILING}/2020-02-03/").content.decode()
    town_row = county.split(f'data-unit="{LAILONGMEN}"')[1].split("</tr>")[0]
    assert town_row.startswith(' data-differs="1"')


def test_the_xlsx_carries_the_registry_columns(registry_kind, people, client) -> None:  # type: ignore[no-untyped-def]
    file(registry_kind, people.mafangtang, MAFANGTANG)
    client.force_login(people.lailongmen)
    response = client.get(f"/reports/fake_registry/{LAILONGMEN}/2020-02-03.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[4]]
    assert header[8:12] == ["New", "Placed", "系统登记：New", "系统登记：Placed"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=5) if row[1].value}
    cells = rows["马放塘社区"]
    assert [c.value for c in cells[8:12]] == [0, 0, 2, 0]
    assert "与系统登记不一致：New" in cells[-1].value
    assert cells[8].fill.fgColor.rgb.endswith("FDE2E1")
    assert cells[10].fill.fgColor.rgb.endswith("FDE2E1")
    assert not cells[9].fill.fgColor.rgb.endswith("FDE2E1")
    total = rows["合计"]
    assert [c.value for c in total[8:12]] == [0, 0, 3, 1]


def test_the_query_count_does_not_grow_with_the_villages(registry_kind, people) -> None:  # type: ignore[no-untyped-def]
    file(registry_kind, people.mafangtang, MAFANGTANG)

    def queries(code: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            day_figures(kind=registry_kind, place=Place.objects.get(code=code), day=DAY)
        return len(captured)

    # 12 villages and 270 villages: the same queries.
    assert queries(LAILONGMEN) == queries(LILING)
