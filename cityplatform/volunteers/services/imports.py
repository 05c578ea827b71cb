"""Importing service records from a spreadsheet (CSV or XLSX), all or nothing.

A bureau or an organisation keeps its sign-in sheets in Excel: one row per volunteer
per activity, with the ID number, the activity's number on the platform and the hours.
Every row is checked like a single record (member of the organiser, joined on or
before the day, hours above 0 and at most 24, no duplicate); one bad row refuses the
whole file, with the line and the reason for each bad row.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.volunteers.identity import id_number_index, normalize_id_number
from cityplatform.volunteers.models import (
    Activity,
    Membership,
    Organization,
    ServiceRecord,
    Volunteer,
)
from cityplatform.volunteers.permissions import require_manage

from .common import Errors, parse_hours
from .records import duplicate_record_error, membership_problem

MAX_ROWS = 50_000
# Rows refused are listed up to this many; the count says how many there were.
MAX_REPORTED_ERRORS = 200
_CHUNK = 900  # below SQLite's bound on query parameters

HEADERS = {
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "id_number": "id_number",
    "活动编号": "activity",
    "活动id": "activity",
    "activity": "activity",
    "activity_id": "activity",
    "服务时长": "hours",
    "时长": "hours",
    "小时": "hours",
    "hours": "hours",
    "姓名": "name",
    "name": "name",
}
REQUIRED = ("id_number", "activity", "hours")


@dataclass(frozen=True)
class ImportRow:
    line: int
    id_number: str
    activity: str
    hours: Any
    name: str = ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _rows_from_table(table: list[list[Any]]) -> list[ImportRow]:
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [HEADERS.get(_cell(h).lower().replace(" ", ""), "") for h in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ValidationError(
            _(
                "The first row must name the columns 身份证号, 活动编号 and 服务时长 (姓名 optional)."
            )
        )
    rows = []
    for line, values in enumerate(table[1:], start=2):
        cells = dict(zip(header, values, strict=False))
        if all(_cell(v) == "" for v in values):
            continue
        hours = cells.get("hours")
        rows.append(
            ImportRow(
                line=line,
                id_number=_cell(cells.get("id_number")),
                activity=_cell(cells.get("activity")),
                hours=hours if isinstance(hours, int | float | Decimal) else _cell(hours),
                name=_cell(cells.get("name")),
            )
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("A file holds at most %(max)s records; split it.") % {"max": f"{MAX_ROWS:,}"}
        )
    return rows


def read_rows(file_name: str, data: bytes) -> list[ImportRow]:
    """The rows of an uploaded CSV (UTF-8 or GB18030, as Excel saves it) or XLSX file."""
    if file_name.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError(_("The file is not a readable XLSX workbook.")) from exc
        sheet = workbook.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return _rows_from_table(table)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The file is neither UTF-8 nor GB18030 text."))
    return _rows_from_table([list(row) for row in csv.reader(io.StringIO(text))])


def _in_chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def service_records_import(
    *, organization: Organization, rows: list[ImportRow], actor: Any = None
) -> int:
    """Record every row or none; returns how many records were added."""
    require_manage(actor, organization)
    if not rows:
        raise DomainError("empty_import", _("The file has no records."), status=422)
    problems: list[dict[str, Any]] = []

    def refuse(row: ImportRow, message: str) -> None:
        problems.append({"line": row.line, "message": message})

    parsed: list[tuple[ImportRow, str, int, Decimal]] = []
    for row in rows:
        try:
            number = normalize_id_number(row.id_number)
        except ValidationError as exc:
            refuse(row, exc.messages[0])
            continue
        if not row.activity.isdigit() or not 0 < int(row.activity) < 2**63:
            refuse(row, _("The activity number must be a whole number."))
            continue
        errors: Errors = {}
        hours = parse_hours(errors, "hours", row.hours)
        if hours is None:
            refuse(row, errors["hours"][0].messages[0])
            continue
        parsed.append((row, id_number_index(number), int(row.activity), hours))

    with transaction.atomic():
        volunteers: dict[str, Volunteer] = {}
        for chunk in _in_chunks(sorted({index for _r, index, _a, _h in parsed})):
            volunteers.update(
                (v.id_number_index, v) for v in Volunteer.objects.filter(id_number_index__in=chunk)
            )
        activities: dict[int, Activity] = {}
        for chunk in _in_chunks(sorted({activity for _r, _i, activity, _h in parsed})):
            activities.update(
                (a.pk, a) for a in Activity.objects.filter(pk__in=chunk, organization=organization)
            )
        volunteer_ids = sorted({v.pk for v in volunteers.values()})
        memberships: dict[int, Membership] = {}
        existing: set[tuple[int, int]] = set()
        for chunk in _in_chunks(volunteer_ids):
            # Locked in a fixed order, so joining dates hold until the records are in.
            for membership in (
                Membership.objects.select_for_update()
                .filter(organization=organization, volunteer_id__in=chunk)
                .order_by("pk")
            ):
                memberships[membership.volunteer_id] = membership
            existing.update(
                ServiceRecord.objects.filter(
                    volunteer_id__in=chunk, activity__organization=organization
                ).values_list("volunteer_id", "activity_id")
            )

        records: list[ServiceRecord] = []
        seen: set[tuple[int, int]] = set()
        for row, index, activity_id, hours in parsed:
            volunteer = volunteers.get(index)
            activity = activities.get(activity_id)
            if volunteer is None:
                refuse(row, _("No volunteer is registered with this ID number."))
            elif row.name and row.name != volunteer.name:
                refuse(row, _("The name does not match the ID number."))
            elif activity is None:
                refuse(
                    row,
                    _("Activity %(number)d is not an activity of %(organization)s.")
                    % {"number": activity_id, "organization": organization.name},
                )
            elif problem := membership_problem(
                memberships.get(volunteer.pk), volunteer_name=volunteer.name, activity=activity
            ):
                refuse(row, problem.message)
            elif (volunteer.pk, activity.pk) in existing or (volunteer.pk, activity.pk) in seen:
                refuse(row, duplicate_record_error(volunteer.name, activity).message)
            else:
                seen.add((volunteer.pk, activity.pk))
                records.append(
                    ServiceRecord(
                        volunteer=volunteer,
                        activity=activity,
                        activity_date=activity.date,
                        activity_place_id=activity.place_id,
                        hours=hours,
                        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )
                )
        if problems:
            problems.sort(key=lambda p: p["line"])
            raise DomainError(
                "import_refused",
                _("%(count)d row(s) refused; nothing was imported.") % {"count": len(problems)},
                status=422,
                rows=problems[:MAX_REPORTED_ERRORS],
            )
        try:
            with transaction.atomic():
                ServiceRecord.objects.bulk_create(records, batch_size=2_000)
        except IntegrityError as exc:
            raise DomainError(
                "duplicate_record",
                _("Some of these records were entered at the same moment; import again."),
                status=409,
            ) from exc
        audit_record(
            action=Action.CREATE,
            actor=actor,
            object_type=ServiceRecord._meta.label_lower,
            object_id="import",
            place_code=organization.place_id,
            detail={"organization_id": organization.pk, "records": len(records)},
        )
    return len(records)
