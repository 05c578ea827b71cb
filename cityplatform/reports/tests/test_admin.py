"""The admin lists and opens only reports inside the staff user's jurisdiction, read-only."""

import pytest

from cityplatform.reports.roles import OFFICER, REVIEWER
from cityplatform.reports.tests.conftest import GUXIAN, file
from conftest import LAILONGMEN, LILING, MAFANGTANG

pytestmark = pytest.mark.django_db


def test_admin_is_bounded_by_jurisdiction_and_read_only(client, make_user, people, kind) -> None:  # type: ignore[no-untyped-def]
    own = file(kind, people.mafangtang, MAFANGTANG).report
    other = file(kind, people.guxian, GUXIAN).report
    town_staff = make_user("llm_admin", roles=[REVIEWER], place=LAILONGMEN, is_staff=True)
    client.force_login(town_staff)
    listing = client.get("/admin/reports/dailyreport/").content.decode()
    assert f"/admin/reports/dailyreport/{own.pk}/change/" in listing
    assert f"/admin/reports/dailyreport/{other.pk}/change/" not in listing
    assert client.get(f"/admin/reports/dailyreport/{own.pk}/change/").status_code == 200
    assert (
        client.get(f"/admin/reports/dailyreport/{other.pk}/change/").status_code == 302
    )  # "not found" redirect
    assert client.get("/admin/reports/dailyreport/add/").status_code == 403
    response = client.post(f"/admin/reports/dailyreport/{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    county_staff = make_user("ll_admin", roles=[OFFICER], place=LILING, is_staff=True)
    client.force_login(county_staff)
    listing = client.get("/admin/reports/dailyreport/").content.decode()
    assert f"/admin/reports/dailyreport/{other.pk}/change/" in listing
