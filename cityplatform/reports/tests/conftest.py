"""Named people for the daily-report tests, and helpers to file and to fix the clock.

- `mafangtang`: 马放塘社区's reporter (儿童主任); `sifang`: 四方社区's, same town;
  `guxian`: 姑仙村's (石亭镇);
- `lailongmen`: 来龙门街道's reviewer (儿童督导员); `shiting`: 石亭镇's;
- `liling`: the county bureau officer; `town_officer`: an officer whose jurisdiction is
  only 来龙门街道 (may not approve for the county);
- `stranger`: logged in, in 醴陵, without a daily-report role.

Times: `at(day, "09:30")` is that local time; services take it as `now`.
"""

from collections.abc import Iterator
from datetime import date, datetime, time
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone, translation

from cityplatform.places.models import Place
from cityplatform.reports.kinds import ReportKind, get_kind
from cityplatform.reports.roles import OFFICER, REPORTER, REVIEWER
from conftest import LAILONGMEN, LILING, MAFANGTANG, SHITING

SIFANG = "430281002002"
GUXIAN = "430281108200"
DAY = date(2020, 2, 3)


def at(day: date, hhmm: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(hhmm)))


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Messages are asserted in their English source form (the platform defaults to Chinese).
    with translation.override("en"):
        yield


@pytest.fixture
def kind() -> ReportKind:
    found = get_kind("children_care")
    assert found is not None
    return found


@pytest.fixture
def people(make_user: Any) -> SimpleNamespace:
    return SimpleNamespace(
        mafangtang=make_user("mft", roles=[REPORTER], place=MAFANGTANG),
        sifang=make_user("sifang", roles=[REPORTER], place=SIFANG),
        guxian=make_user("guxian", roles=[REPORTER], place=GUXIAN),
        lailongmen=make_user("llm", roles=[REVIEWER], place=LAILONGMEN),
        shiting=make_user("shiting", roles=[REVIEWER], place=SHITING),
        liling=make_user("liling", roles=[OFFICER], place=LILING),
        town_officer=make_user("llm_officer", roles=[OFFICER], place=LAILONGMEN),
        stranger=make_user("stranger", place=LILING),
    )


@pytest.fixture
def places_by_code(places: None) -> dict[str, Place]:
    return {p.code: p for p in Place.objects.filter(code__startswith="430281")}


def village(code: str) -> Place:
    return Place.objects.get(code=code)


def file(
    kind: ReportKind,
    actor: Any,
    code: str,
    day: date = DAY,
    *,
    hhmm: str = "09:00",
    reason: str = "",
    **values: int,
) -> Any:
    from cityplatform.reports.services import report_file

    figures = {name: values.get(name, 0) for name in kind.field_names}
    return report_file(
        actor=actor,
        kind=kind,
        village=village(code),
        day=day,
        values=figures,
        reason=reason,
        now=at(day, hhmm),
    )


def file_town(
    kind: ReportKind, town_code: str, day: date = DAY, *, actor: Any, hhmm: str = "09:00"
) -> int:
    """Every village of the town files a zero (on its behalf, by `actor`)."""
    count = 0
    for place in Place.objects.filter(level=Place.Level.VILLAGE, code__startswith=town_code[:9]):
        file(kind, actor, place.code, day, hhmm=hhmm)
        count += 1
    return count
