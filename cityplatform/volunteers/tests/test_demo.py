"""The demo: the seed article's figures, computed from 210,408 records.

One test loads the whole scenario once (ten seconds or so) and checks everything on it.
"""

import io
import re
from decimal import Decimal

import pytest

from cityplatform.places.models import Place
from cityplatform.volunteers import demo
from cityplatform.volunteers.demo_data import DEMO_VOLUNTEER
from cityplatform.volunteers.models import (
    Activity,
    Certificate,
    Membership,
    Organization,
    ServiceRecord,
    Volunteer,
)
from cityplatform.volunteers.selectors import stats
from cityplatform.volunteers.services import (
    activity_create,
    certificate_issue,
    service_record_add,
)
from conftest import SHITING

pytestmark = pytest.mark.django_db

SEED = {"organizations": 42, "volunteers": 10042, "activities": 2052, "person_times": 210408}


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Organization, Volunteer, Membership, Activity, ServiceRecord, Certificate)
    )


def test_demo_shows_the_seed_figures(client, places, make_user) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())

    figures = stats.summary(stats.StatsFilter())
    assert {k: getattr(figures, k) for k in SEED} == SEED
    # More memberships than people: some belong to two organisations and count once.
    assert Membership.objects.count() > Volunteer.objects.count() == 10042

    outputs = {o.kind: o.quantity for o in stats.output_totals(stats.StatsFilter())}
    assert outputs["messages"] == 512  # 500余条
    assert outputs["masks"] == 2036  # 2000余只
    assert outputs["publicity_vehicle_trips"] == 93  # 90余台次
    assert outputs["counselling_sessions"] == 517  # 500余次
    named = {entry.name: entry for entry in stats.outputs_by_organization(stats.StatsFilter())}
    assert {o.kind for o in named["醴陵市义工联合会"].outputs} >= {
        "messages",
        "masks",
        "publicity_vehicle_trips",
    }
    assert [o.quantity for o in named["醴陵市心理协会"].outputs] == [517]
    rescue = Activity.objects.filter(organization__kind=Organization.Kind.RESCUE_TEAM)
    assert 40 < rescue.count() < 50  # 40余场次
    for name in (
        "醴陵市蓝天救援队",
        "醴陵市益爱志愿者协会",
        "醴陵市九八公益协会",
        "醴陵市生态农业协会",
    ):
        assert Organization.objects.filter(name=name).exists()
    dates = Activity.objects.order_by("date").values_list("date", flat=True)
    assert (str(dates.first()), str(dates.last())) == ("2020-01-25", "2020-03-18")

    # The page and the API show the same figures.
    html = client.get("/volunteers/").content.decode()
    shown = dict(re.findall(r'data-figure="(\w+)" data-value="([\d.]+)"', html))
    assert {k: int(shown[k]) for k in SEED} == SEED
    assert ">10042<" in html
    assert ">210408<" in html
    # The outputs the article names (500余条, 2000余只, 90余台次, 500余次), counted
    # from the activities' records, on the page too.
    shown_outputs = dict(re.findall(r'data-output="(\w+)" data-value="(\d+)"', html))
    assert {k: int(v) for k, v in shown_outputs.items()} == outputs
    api = client.get("/api/volunteers/summary").json()
    assert {k: api[k] for k in SEED} == SEED

    # Idempotent: a second load adds nothing.
    before = _counts()
    demo.load(io.StringIO())
    assert _counts() == before

    # Computed, never stored: one more service record changes the figures.
    volunteer = Volunteer.objects.order_by("pk").first()
    assert volunteer is not None
    organization = volunteer.memberships.get().organization
    extra = activity_create(
        organization=organization,
        kind="epidemic_publicity",
        title="补录的宣传活动",
        place=Place.objects.get(code=SHITING),
        date=dates.last(),
    )
    service_record_add(volunteer=volunteer, activity=extra, hours=Decimal("2"))
    after = client.get("/api/volunteers/summary").json()
    assert after["person_times"] == 210409
    assert after["activities"] == 2053
    assert Decimal(after["hours"]) == Decimal(api["hours"]) + 2
    assert after["volunteers"] == 10042

    # The demo volunteer finds their service and the demo certificate verifies.
    name, number, phone = DEMO_VOLUNTEER
    client.post("/volunteers/my-service/", {"name": name, "id_number": number, "phone": phone})
    assert "醴陵市义工联合会" in client.get("/volunteers/my-service/").content.decode()
    certificate = Certificate.objects.get()
    page = client.get(f"/volunteers/verify/{certificate.number}/").content.decode()
    assert 'class="verdict ok"' in page
    assert name in page
    # The new record is the demo volunteer's: the next certificate is a new one.
    assert certificate_issue(volunteer=volunteer, organization=organization) != certificate

    # The demo logins work.
    login = {"username": "zhiyuan", "password": "demo-pass-2026"}
    assert client.post("/accounts/login/", login).status_code == 302
    assert client.get("/admin/volunteers/organization/").status_code == 200
    client.post("/accounts/logout/")
    login = {"username": "yigong", "password": "demo-pass-2026"}
    assert client.post("/accounts/login/", login).status_code == 302
    page = client.get("/admin/volunteers/organization/").content.decode()
    assert "醴陵市义工联合会" in page
    assert "醴陵市心理协会" not in page
