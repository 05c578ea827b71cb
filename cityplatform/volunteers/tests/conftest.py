"""Named people and organisations for the volunteer tests.

- 醴陵市义工联合会 (county-wide, registered at 醴陵) with staff `yigong`;
- 石亭镇志愿服务队 (registered at 石亭镇) with staff `shiting`;
- `zhiyuan`: the bureau's volunteer administrator for 醴陵 (county);
- `town_officer`: a volunteer administrator whose jurisdiction is 李畋镇 only;
- `stranger`: logged in, no role.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from stdnum.cn import ric

from cityplatform.places.models import Place
from cityplatform.volunteers.models import Activity, Organization, ServiceRecord, Volunteer
from cityplatform.volunteers.services import (
    OutputIn,
    activity_create,
    organization_create,
    organization_staff_add,
    service_record_add,
    volunteer_enrol,
)
from conftest import LILING, LITIAN, MAFANGTANG, SHITING

ZHANG = "430281199001010017"  # valid: check digit included
LI = "430281199502020029"
WANG = "43028119890303040X"


def id_number(serial: int, born: str = "19900101") -> str:
    """A valid 醴陵 ID number for test people, distinct per serial."""
    body = f"430281{born}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def credit_code(serial: int) -> str:
    from stdnum.cn import uscc

    body = f"51430281MJ{serial:07d}"
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def make_organization(places: None) -> Callable[..., Organization]:
    counter = iter(range(1, 1000))

    def make(name: str, place: str = LILING, **kwargs: Any) -> Organization:
        values: dict[str, Any] = {
            "kind": Organization.Kind.ASSOCIATION,
            "credit_code": credit_code(next(counter)),
            "contact_person": "刘建华",
            "contact_phone": "13807330001",
            "place": Place.objects.get(code=place),
        }
        values.update(kwargs)
        return organization_create(name=name, **values)

    return make


def enrol(
    organization: Organization,
    name: str,
    number: str,
    *,
    joined_on: date = date(2020, 1, 1),
    place: str = LILING,
    phone: str = "13807331234",
) -> Volunteer:
    volunteer, _created = volunteer_enrol(
        organization=organization,
        name=name,
        phone=phone,
        id_number=number,
        place=Place.objects.get(code=place),
        joined_on=joined_on,
    )
    return volunteer


def activity(
    organization: Organization,
    *,
    on: date = date(2020, 2, 1),
    place: str = SHITING,
    kind: str = "epidemic_publicity",
    title: str = "石亭镇疫情防控知识宣传",
    outputs: tuple[OutputIn, ...] = (),
) -> Activity:
    return activity_create(
        organization=organization,
        kind=kind,
        title=title,
        place=Place.objects.get(code=place),
        date=on,
        outputs=outputs,
    )


def serve(volunteer: Volunteer, activity: Activity, hours: str = "2.5") -> ServiceRecord:
    return service_record_add(volunteer=volunteer, activity=activity, hours=Decimal(hours))


@pytest.fixture
def world(make_user: Any, make_organization: Callable[..., Organization]) -> SimpleNamespace:
    yigong_org = make_organization("醴陵市义工联合会", kind=Organization.Kind.VOLUNTEER_FEDERATION)
    shiting_org = make_organization(
        "石亭镇志愿服务队", place=SHITING, kind=Organization.Kind.VOLUNTEER_TEAM
    )
    yigong = make_user("yigong", roles=["volunteer_org_staff"], place=LILING, is_staff=True)
    shiting = make_user("shiting", roles=["volunteer_org_staff"], place=SHITING, is_staff=True)
    organization_staff_add(organization=yigong_org, user=yigong)
    organization_staff_add(organization=shiting_org, user=shiting)
    return SimpleNamespace(
        yigong_org=yigong_org,
        shiting_org=shiting_org,
        yigong=yigong,
        shiting=shiting,
        zhiyuan=make_user("zhiyuan", roles=["volunteer_admin"], place=LILING, is_staff=True),
        town_officer=make_user(
            "town_officer", roles=["volunteer_admin"], place=LITIAN, is_staff=True
        ),
        stranger=make_user("stranger"),
        mafangtang=Place.objects.get(code=MAFANGTANG),
    )
