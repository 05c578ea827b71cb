"""Writes to the place tree: loading the bundled divisions and demo villages."""

import csv
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from cityplatform.places.models import Place, level_of, parent_code_of

BUNDLED_DIVISIONS = Path(__file__).resolve().parent / "data" / "zhuzhou.csv"


@transaction.atomic
def places_upsert(rows: Iterable[tuple[str, str, str]]) -> int:
    """Create or rename places from (code, name, kind) rows; returns how many were created.

    The level and parent follow from the code; parents are written before children.
    """
    rows = sorted(rows)
    existing = Place.objects.in_bulk([code for code, _, _ in rows])
    new, changed = [], []
    for code, name, kind in rows:
        place = existing.get(code)
        if place is None:
            new.append(
                Place(
                    code=code,
                    name=name,
                    kind=kind,
                    level=level_of(code),
                    parent_id=parent_code_of(code),
                )
            )
        elif (place.name, place.kind) != (name, kind):
            place.name, place.kind = name, kind
            changed.append(place)
    # Sorted by code, so every parent precedes its children.
    Place.objects.bulk_create(new, batch_size=500)
    Place.objects.bulk_update(changed, ["name", "kind"], batch_size=500)
    return len(new)


def places_load_bundled(path: Path = BUNDLED_DIVISIONS) -> int:
    with path.open(encoding="utf-8") as handle:
        rows = [(r["code"], r["name"], r["kind"]) for r in csv.DictReader(handle)]
    return places_upsert(rows)
