"""The pages: a village's one-tap zero and form, the town's and county's grids, a day's
figures and approvals, a report's history; errors come back as messages with a 4xx."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from cityplatform.reports.models import DailyReport, ReportVersion, TownDay
from cityplatform.reports.services import town_day_approve
from cityplatform.reports.tests.conftest import DAY, SIFANG, at, file, file_town, village
from conftest import LAILONGMEN, LILING, MAFANGTANG

pytestmark = pytest.mark.django_db

BASE = "/reports/children_care"


@pytest.fixture(autouse=True)
def _english_pages(client) -> None:  # type: ignore[no-untyped-def]
    # Pages are asserted in their English source form; the browser test reads Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_home_takes_each_user_to_their_own_place(client, people) -> None:  # type: ignore[no-untyped-def]
    for user, code in [
        (people.mafangtang, MAFANGTANG),
        (people.lailongmen, LAILONGMEN),
        (people.liling, LILING),
    ]:
        client.force_login(user)
        assert client.get("/reports/")["Location"] == f"{BASE}/{code}/"
    assert (
        client.get("/reports/", {"month": "2020-02"})["Location"]
        == f"{BASE}/{LILING}/?month=2020-02"
    )


def test_anonymous_and_role_less_users_are_kept_out(client, people) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/reports/")["Location"].startswith("/accounts/login/")
    client.force_login(people.stranger)
    assert client.get("/reports/").status_code == 403
    assert client.get(f"{BASE}/{LILING}/").status_code == 403


def test_a_village_files_its_zero_with_one_tap(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.mafangtang)
    page = client.get(f"{BASE}/{MAFANGTANG}/").content.decode()
    assert "Nothing new today: file a zero report" in page
    response = client.post(f"{BASE}/{MAFANGTANG}/zero/")
    assert response.status_code == 302
    report = DailyReport.objects.get()
    assert report.is_zero
    assert report.day == timezone.localdate()
    assert report.channel == "one_tap"
    page = client.get(f"{BASE}/{MAFANGTANG}/").content.decode()
    assert "Zero report filed" in page
    assert "Nothing new today" not in page
    again = client.post(f"{BASE}/{MAFANGTANG}/zero/", follow=True)
    assert "already filed" in again.content.decode()
    assert ReportVersion.objects.count() == 1


def test_one_tap_after_figures_is_refused_with_a_message(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.mafangtang)
    today = timezone.localdate().isoformat()
    client.post(f"{BASE}/{MAFANGTANG}/file/", {"new_lacking_care": 1, "placed": 0, "day": today})
    response = client.post(f"{BASE}/{MAFANGTANG}/zero/")
    assert response.status_code == 409
    assert "correct them with the form" in response.content.decode()


def test_filing_figures_and_correcting_them_with_the_form(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.mafangtang)
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    form = client.get(f"{BASE}/{MAFANGTANG}/file/", {"day": day}).content.decode()
    assert 'name="new_lacking_care"' in form
    response = client.post(
        f"{BASE}/{MAFANGTANG}/file/", {"new_lacking_care": 2, "placed": 1, "day": day}
    )
    report = DailyReport.objects.get()
    assert response["Location"] == f"/reports/report/{report.pk}/"
    assert report.is_late  # yesterday's, filed today
    form = client.get(f"{BASE}/{MAFANGTANG}/file/", {"day": day}).content.decode()
    assert "is already reported (version 1)" in form
    client.post(f"{BASE}/{MAFANGTANG}/file/", {"new_lacking_care": 2, "placed": 2, "day": day})
    history = client.get(f"/reports/report/{report.pk}/").content.decode()
    assert "Versions" in history
    assert history.count("<tr><td>") == 2


def test_bad_form_input_is_a_422_with_messages(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.mafangtang)
    today = timezone.localdate()
    response = client.post(
        f"{BASE}/{MAFANGTANG}/file/", {"new_lacking_care": -1, "placed": "x", "day": today}
    )
    assert response.status_code == 422
    future = client.post(
        f"{BASE}/{MAFANGTANG}/file/",
        {"new_lacking_care": 0, "placed": 0, "day": today + timedelta(days=1)},
    )
    assert future.status_code == 422
    assert "has not come yet" in future.content.decode()
    assert not DailyReport.objects.exists()


def test_an_approved_day_needs_a_reason_on_the_form(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    town_day_approve(
        actor=people.lailongmen, kind=kind, town=village(LAILONGMEN), day=DAY, now=at(DAY, "12:00")
    )
    client.force_login(people.mafangtang)
    response = client.post(
        f"{BASE}/{MAFANGTANG}/file/", {"new_lacking_care": 1, "placed": 0, "day": DAY.isoformat()}
    )
    assert response.status_code == 422
    assert "give the reason" in response.content.decode()
    client.post(
        f"{BASE}/{MAFANGTANG}/file/",
        {"new_lacking_care": 1, "placed": 0, "day": DAY.isoformat(), "reason": "漏报"},
    )
    assert DailyReport.objects.get().version == 2


def test_the_town_sees_its_villages_grid_and_approves_the_day(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    file(kind, people.sifang, SIFANG, hhmm="10:20")
    client.force_login(people.lailongmen)
    page = client.get(f"{BASE}/{LAILONGMEN}/", {"month": "2020-02"}).content.decode()
    assert 'data-grid="430281002000"' in page
    assert f'data-unit="{MAFANGTANG}"' in page
    assert 'data-day="2020-02-03" data-state="complete"' in page
    assert 'data-day="2020-02-03" data-state="late"' in page
    day_page = client.get(f"{BASE}/{LAILONGMEN}/2020-02-03/").content.decode()
    assert "马放塘社区" in day_page
    assert "Approve the filed reports" in day_page
    response = client.post(f"{BASE}/{LAILONGMEN}/approve/", {"day": "2020-02-03"})
    assert response.status_code == 302
    assert DailyReport.objects.filter(approved_at__isnull=False).count() == 2
    again = client.post(f"{BASE}/{LAILONGMEN}/approve/", {"day": "2020-02-03"})
    assert again.status_code == 409
    assert "no report of 2020-02-03 waiting" in again.content.decode()


def test_the_county_dashboard_drills_down_and_approves_a_town(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    town_day_approve(
        actor=people.lailongmen, kind=kind, town=village(LAILONGMEN), day=DAY, now=at(DAY, "12:00")
    )
    client.force_login(people.liling)
    page = client.get(f"{BASE}/{LILING}/", {"month": "2020-02"}).content.decode()
    assert 'id="reports-heatmap"' in page
    assert "echarts.min.js" in page
    assert f'href="{BASE}/{LAILONGMEN}/"' in page  # drill-down to the town
    assert f'href="{BASE}/{LAILONGMEN}/2020-02-03/"' in page
    assert "270 villages have not reported today" in page
    county_day = client.get(f"{BASE}/{LILING}/2020-02-03/").content.decode()
    assert 'class="county-approve"' in county_day
    response = client.post(
        f"{BASE}/{LAILONGMEN}/county-approve/", {"day": "2020-02-03", "back": "county"}
    )
    assert response["Location"] == f"{BASE}/{LILING}/2020-02-03/"
    assert TownDay.objects.get(town_id=LAILONGMEN, day=DAY).is_approved
    refused = client.post(f"{BASE}/430281108000/county-approve/", {"day": "2020-02-03"})
    assert refused.status_code == 409
    assert "villages of 石亭镇 have no approved report" in refused.content.decode()


def test_the_town_cannot_approve_for_the_county(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    client.force_login(people.lailongmen)
    response = client.post(f"{BASE}/{LAILONGMEN}/county-approve/", {"day": "2020-02-03"})
    assert response.status_code == 403
    assert not TownDay.objects.filter(county_approved_at__isnull=False).exists()


def test_staff_file_a_missing_village_on_its_behalf(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.lailongmen)
    page = client.get(f"{BASE}/{LAILONGMEN}/2020-02-03/").content.decode()
    assert f"{BASE}/{SIFANG}/file/?day=2020-02-03" in page
    client.post(f"{BASE}/{SIFANG}/file/", {"new_lacking_care": 0, "placed": 0, "day": "2020-02-03"})
    report = DailyReport.objects.get()
    assert report.on_behalf
    assert report.filed_by == people.lailongmen
    assert "on the village" in client.get(f"{BASE}/{LAILONGMEN}/2020-02-03/").content.decode()


def test_bad_months_fall_back_and_bad_dates_are_404(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.liling)
    for month in ("2020-13", "0001-01", "9999-12", "x"):
        assert client.get(f"{BASE}/{LILING}/", {"month": month}).status_code == 200
    assert client.get(f"{BASE}/{LILING}/0001-01-01/").status_code == 404
    assert client.get(f"{BASE}/{LILING}/9999-12-31.xlsx").status_code == 404
    assert client.get(f"{BASE}/{LILING}/2020-02-30/").status_code == 404
    assert client.get(f"/reports/nosuchkind/{LILING}/").status_code == 404
    assert client.get(f"{BASE}/{MAFANGTANG}/2020-02-03/").status_code == 404  # no units below
