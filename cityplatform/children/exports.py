"""XLSX export of the registry, in the columns a bureau forwards upwards.

ID numbers are masked unless the exporting user may see them in full; guardians'
phones are masked always. Each export is audited by the caller (services.export).
"""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from cityplatform.children.models import Child
from cityplatform.core.validators import mask_phone


def _guardians(child: Child) -> str:
    return "；".join(
        f"{g.get_relation_display()} {g.name} {mask_phone(g.phone) if g.phone else ''} "
        f"({g.get_situation_display()})"
        for g in child.guardians.all()
    )


def _care(child: Child) -> str:
    today = timezone.localdate()
    return "；".join(
        f"{a.get_kind_display()}: {a.carer}"
        for a in child.arrangements.all()
        if a.is_active_on(today)
    )


def children_workbook(children: Iterable[Child], *, full_id_numbers: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Children")
    header = [
        pgettext("child's record number", "Record"),
        _("Town"),
        _("Village"),
        _("Name"),
        _("Sex"),
        _("Birth date"),
        _("ID number"),
        _("Categories"),
        _("Guardianship"),
        _("Current care"),
        _("Guardians"),
        _("School"),
        _("Registered on"),
        _("Left the registry on"),
        _("Reason for leaving"),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for child in children:
        sheet.append(
            [
                child.pk,
                child.village.parent.name if child.village.parent else "",
                child.village.name,
                child.name,
                child.get_sex_display(),
                child.birth_date,
                child.id_number if full_id_numbers else child.id_number_masked,
                "、".join(child.category_labels),
                child.get_guardianship_display(),
                _care(child),
                _guardians(child),
                child.school,
                child.registered_on,
                child.closed_on,
                child.get_closed_reason_display(),
            ]
        )
    for column, width in zip(
        "ABCDEFGHIJKLMNO", (8, 14, 14, 10, 6, 12, 22, 30, 16, 30, 40, 20, 12, 12, 16), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
