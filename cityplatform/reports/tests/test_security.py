"""Every page and API endpoint of the app, asked by a user of another village or town
about 马放塘社区 (来龙门街道), answers 403 or 404 and changes nothing.

The cases are generated from the URL patterns and the API router, so a new endpoint
without a jurisdiction check fails here until it has one (or is listed as exempt, with
the reason).
"""

import re
from typing import Any

import pytest
from django.urls import URLPattern

from cityplatform.accounts.services import api_token_create
from cityplatform.audit.models import AuditEntry
from cityplatform.reports import urls
from cityplatform.reports.api import router
from cityplatform.reports.models import DailyReport, TownDay
from cityplatform.reports.tests.conftest import DAY, file
from conftest import LAILONGMEN, MAFANGTANG

pytestmark = pytest.mark.django_db

# Endpoints that name no unit, with the reason they cannot leak another unit's data.
EXEMPT_PAGES = {"home": "redirects to the user's own place"}
EXEMPT_API = {"/daily/kinds": "the declared kinds: code, not data"}

OUTSIDERS = ["guxian", "shiting", "sifang"]


def _page_urls(report_pk: int) -> list[tuple[str, str]]:
    values = {"kind_code": "children_care", "pk": report_pk, "day": DAY}
    found = []
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in EXEMPT_PAGES:
            continue
        route = str(pattern.pattern)
        for code in (MAFANGTANG, LAILONGMEN):
            url = route
            for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
                value = code if name == "code" else values[name]
                url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
            found.append((str(pattern.name), "/reports/" + url))
    return found


@pytest.fixture
def foreign_report(kind, people) -> DailyReport:  # type: ignore[no-untyped-def]
    return file(kind, people.mafangtang, MAFANGTANG).report


def test_every_page_refuses_another_units_user(client, people, foreign_report) -> None:  # type: ignore[no-untyped-def]
    cases = _page_urls(foreign_report.pk)
    assert len({name for name, _ in cases}) == len(urls.urlpatterns) - len(EXEMPT_PAGES)
    before = (
        DailyReport.objects.count(),
        TownDay.objects.filter(county_approved_at__isnull=False).count(),
    )
    for who in OUTSIDERS:
        client.force_login(getattr(people, who))
        for name, url in cases:
            statuses = {
                client.get(url).status_code,
                client.post(
                    url, {"day": "2020-02-03", "new_lacking_care": 0, "placed": 0}
                ).status_code,
            }
            assert statuses <= {403, 404, 405}, (who, name, url, statuses)
            assert statuses & {403, 404}, (who, name, url, statuses)
    foreign_report.refresh_from_db()
    assert foreign_report.version == 1
    assert not foreign_report.is_approved
    assert (
        DailyReport.objects.count(),
        TownDay.objects.filter(county_approved_at__isnull=False).count(),
    ) == before


def _api_requests(report_pk: int) -> list[tuple[str, str, str, dict[str, Any]]]:
    requests = []
    for path, view in router.path_operations.items():
        if path in EXEMPT_API:
            continue
        url = "/api/reports" + path.replace("{report_id}", str(report_pk)).replace(
            "{code}", LAILONGMEN
        )
        for operation in view.operations:
            for method in operation.methods:
                if method == "GET":
                    data = {"date": "2020-02-03", "month": "2020-02", "place": LAILONGMEN}
                else:
                    data = {
                        "village": MAFANGTANG,
                        "date": "2020-02-03",
                        "values": {"new_lacking_care": 1, "placed": 0},
                    }
                requests.append((path, method, url, data))
    return requests


def test_every_api_endpoint_refuses_another_units_user(client, people, foreign_report) -> None:  # type: ignore[no-untyped-def]
    cases = _api_requests(foreign_report.pk)
    assert {path for path, *_ in cases} == set(router.path_operations) - set(EXEMPT_API)
    for who in OUTSIDERS:
        headers = {
            "Authorization": f"Bearer {api_token_create(user=getattr(people, who), name='t')[1]}"
        }
        for path, method, url, data in cases:
            if method == "GET":
                response = client.get(url, data, headers=headers)
            else:
                response = client.post(url, data, content_type="application/json", headers=headers)
            assert response.status_code in (403, 404), (who, method, path, response.content)
            assert response.json()["error"]["code"]
    foreign_report.refresh_from_db()
    assert foreign_report.version == 1
    assert not foreign_report.is_approved


def test_a_village_directors_export_holds_only_their_village(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    file(kind, people.sifang, "430281002002")
    client.force_login(people.mafangtang)
    # Exports are of a town or county: outside a village director's jurisdiction.
    assert client.get(f"/reports/children_care/{LAILONGMEN}/grid.xlsx").status_code == 404
    assert client.get(f"/reports/children_care/{LAILONGMEN}/2020-02-03.xlsx").status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()
    # What the API lists for them is their village alone.
    headers = {"Authorization": f"Bearer {api_token_create(user=people.mafangtang, name='t')[1]}"}
    listed = client.get("/api/reports/daily/reports", headers=headers).json()
    assert {r["village"] for r in listed["items"]} == {MAFANGTANG}
