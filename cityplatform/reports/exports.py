"""XLSX workbooks in the layout a bureau forwards upwards: a title row, the date and
reporting unit, the unit of measure, one row per town (or village), and a totals row.

Pure functions of selector results: the views check who may export and audit it.
"""

from datetime import date, datetime
from io import BytesIO

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cityplatform.reports.selectors.completeness import Grid
from cityplatform.reports.selectors.figures import DayFigures, FigureRow

STATE_FILLS = {
    "complete": "C6EFCE",
    "late": "FFEB9C",
    "partial": "F8CBAD",
    "missing": "FF8B8B",
    "pending": "DDEBF7",
    "future": "F2F2F2",
}
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title(sheet: Worksheet, text: str, width: int) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    cell = sheet.cell(row=1, column=1, value=text)
    cell.font = Font(bold=True, size=16)
    cell.alignment = CENTRE
    sheet.row_dimensions[1].height = 30


def _line(sheet: Worksheet, row: int, text: str, width: int) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.cell(row=row, column=1, value=text)


def _header(sheet: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, 1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = BOLD
        cell.alignment = CENTRE
        cell.border = BOX
        cell.fill = PatternFill("solid", fgColor="D9E1F2")


def _put(sheet: Worksheet, row: int, values: list[str | int], *, bold: bool = False) -> None:
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border = BOX
        if bold:
            cell.font = BOLD


def _save(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _long_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def grid_workbook(grid: Grid, *, generated_at: datetime | None = None) -> bytes:
    """The completeness grid: per unit and day the number of villages that reported,
    coloured on time / late / partial / missing, with per-unit and per-day totals."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Completeness")
    fixed = [_("No."), _("Unit"), _("Expected")]
    totals = [_("On time"), _("Late"), _("Missing"), _("Reported (%)")]
    width = len(fixed) + len(grid.days) + len(totals)
    first, last = grid.days[0], grid.days[-1]
    _title(
        sheet,
        _("%(place)s %(kind)s: completeness and timeliness")
        % {"place": grid.place.name, "kind": grid.kind.label},
        width,
    )
    _line(
        sheet,
        2,
        _("Period: %(first)s to %(last)s") % {"first": _long_date(first), "last": _long_date(last)},
        width,
    )
    _line(
        sheet,
        3,
        _(
            "Reporting unit: %(place)s    Unit of measure: villages and communities    Exported: %(at)s"
        )
        % {"place": grid.place.name, "at": generated_at.strftime("%Y-%m-%d %H:%M")},
        width,
    )
    _header(sheet, 4, [*fixed, *[f"{d:%m-%d}" for d in grid.days], *totals])
    row_number = 5
    for index, row in enumerate(grid.rows, 1):
        _put(
            sheet,
            row_number,
            [
                index,
                row.place.name,
                row.cells[0].tally.expected if row.cells else 0,
                *[c.tally.reported for c in row.cells],
                row.total.on_time,
                row.total.late,
                row.total.missing,
                row.total.percent,
            ],
        )
        for offset, cell in enumerate(row.cells):
            sheet.cell(row=row_number, column=len(fixed) + 1 + offset).fill = PatternFill(
                "solid", fgColor=STATE_FILLS[cell.state]
            )
        row_number += 1
    _put(
        sheet,
        row_number,
        [
            "",
            _("Total"),
            grid.day_totals[0].tally.expected if grid.day_totals else 0,
            *[c.tally.reported for c in grid.day_totals],
            grid.total.on_time,
            grid.total.late,
            grid.total.missing,
            grid.total.percent,
        ],
        bold=True,
    )
    _line(
        sheet,
        row_number + 2,
        _(
            "Each day shows the villages that reported. Green: all on time; yellow: all "
            "reported, some late; orange: some missing; red: none reported; blue: before "
            "today's deadline."
        ),
        width,
    )
    sheet.column_dimensions["B"].width = 16
    for column in range(len(fixed) + 1, len(fixed) + len(grid.days) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 6
    sheet.freeze_panes = f"{get_column_letter(len(fixed) + 1)}5"
    return _save(book)


DIFFERS_FILL = "FDE2E1"


def _registry_values(row: FigureRow, names: list[str]) -> list[str | int]:
    return [] if row.registry is None else [row.registry[name] for name in names]


def _registry_remark(row: FigureRow, labels: dict[str, str]) -> list[str]:
    if not row.differs:
        return []
    return [
        _("Differs from the registry: %(fields)s")
        % {"fields": "、".join(labels[name] for name in row.differs)}
    ]


def _mark_differences(
    sheet: Worksheet, row_number: int, row: FigureRow, columns: dict[str, list[int]]
) -> None:
    for name in row.differs:
        for column in columns[name]:
            sheet.cell(row=row_number, column=column).fill = PatternFill(
                "solid", fgColor=DIFFERS_FILL
            )


def day_figures_workbook(figures: DayFigures, *, generated_at: datetime | None = None) -> bytes:
    """One day's figures per unit: villages expected and reported, zero reports, each
    figure of the kind, the registry's count of each (when the kind has a registry; a
    difference is filled and named in the remarks), approval and remarks (villages
    missing, cross-check flags)."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    kind = figures.kind
    names = kind.field_names
    field_labels = {f.name: str(f.label) for f in kind.fields}
    registry_labels = (
        [_("Registry: %(field)s") % {"field": field_labels[name]} for name in names]
        if figures.has_registry
        else []
    )
    leading = [
        _("No."),
        _("Unit"),
        _("Expected"),
        _("Reported"),
        _("On time"),
        _("Late"),
        _("Missing"),
        _("Zero reports"),
    ]
    # Columns of each figure (reported, registry) to fill where the two differ.
    first_figure = len(leading) + 1
    columns = {
        name: [first_figure + i, first_figure + len(names) + i] for i, name in enumerate(names)
    }
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = figures.day.isoformat()
    labels = [
        *leading,
        *[str(f.label) for f in kind.fields],
        *registry_labels,
        _("Approved"),
        _("Remarks"),
    ]
    width = len(labels)
    _title(
        sheet,
        _("%(place)s %(kind)s: summary table") % {"place": figures.place.name, "kind": kind.label},
        width,
    )
    _line(sheet, 2, _("Report date: %(day)s") % {"day": _long_date(figures.day)}, width)
    _line(
        sheet,
        3,
        _("Reporting unit: %(place)s (seal)    Unit of measure: children")
        % {"place": figures.place.name},
        width,
    )
    _header(sheet, 4, labels)
    row_number = 5
    for index, row in enumerate(figures.rows, 1):
        remarks = []
        if row.missing:
            remarks.append(
                _("Not reported: %(names)s") % {"names": "、".join(p.name for p in row.missing)}
            )
        remarks.extend(_registry_remark(row, field_labels))
        remarks.extend(row.flags)
        approved = (
            _("County approved")
            if row.county_approved
            else f"{row.tally.approved}/{row.tally.expected}"
        )
        _put(
            sheet,
            row_number,
            [
                index,
                row.place.name,
                row.tally.expected,
                row.tally.reported,
                row.tally.on_time,
                row.tally.late,
                row.tally.missing,
                row.zero,
                *[row.sums[name] for name in names],
                *_registry_values(row, names),
                approved,
                "；".join(remarks),
            ],
        )
        _mark_differences(sheet, row_number, row, columns)
        row_number += 1
    total = figures.total
    _put(
        sheet,
        row_number,
        [
            "",
            _("Total"),
            total.tally.expected,
            total.tally.reported,
            total.tally.on_time,
            total.tally.late,
            total.tally.missing,
            total.zero,
            *[total.sums[name] for name in names],
            *_registry_values(total, names),
            f"{total.tally.approved}/{total.tally.expected}",
            "；".join(_registry_remark(total, field_labels)),
        ],
        bold=True,
    )
    _mark_differences(sheet, row_number, total, columns)
    _line(
        sheet,
        row_number + 2,
        _("Prepared by:            Reviewed by:            Exported: %(at)s")
        % {"at": generated_at.strftime("%Y-%m-%d %H:%M")},
        width,
    )
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions[get_column_letter(width)].width = 40
    return _save(book)
