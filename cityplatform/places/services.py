"""Writes to the place tree: loading the bundled divisions and demo villages."""

import csv
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from cityplatform.places.models import Place, level_of, parent_code_of

BUNDLED_DIVISIONS = Path(__file__).resolve().parent / "data" / "zhuzhou.csv"


@transaction.atomic
def places_upsert(rows: Iterable[tuple[str, str, str]]) -> int:
    """Create or rename places from (code, name, kind) rows, parents before children.

    Returns how many places were created. The level and parent follow from the code.
    """
    created = 0
    for code, name, kind in sorted(rows):
        _, was_created = Place.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "level": level_of(code),
                "parent_id": parent_code_of(code),
            },
        )
        created += was_created
    return created


def places_load_bundled(path: Path = BUNDLED_DIVISIONS) -> int:
    with path.open(encoding="utf-8") as handle:
        rows = [(r["code"], r["name"], r["kind"]) for r in csv.DictReader(handle)]
    return places_upsert(rows)
