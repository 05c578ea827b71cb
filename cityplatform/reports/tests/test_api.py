"""The JSON API: completeness per town, filing and corrections, approvals, jurisdiction."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cityplatform.accounts.services import api_token_create
from cityplatform.reports.models import DailyReport, TownDay
from cityplatform.reports.tests.conftest import DAY, GUXIAN, SIFANG, file, file_town
from conftest import LAILONGMEN, LILING, MAFANGTANG, SHITING

pytestmark = pytest.mark.django_db

API = "/api/reports/daily"


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {api_token_create(user=user, name='test')[1]}"}


def test_completeness_per_town(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    file(kind, people.sifang, SIFANG, hhmm="10:05")
    body = client.get(
        f"{API}/completeness", {"date": "2020-02-03"}, headers=_bearer(people.liling)
    ).json()
    assert body["kind"] == "children_care"
    assert body["date"] == "2020-02-03"
    assert body["deadline"].startswith("2020-02-03T10:00:00")
    assert body["deadline_passed"] is True
    assert len(body["towns"]) == 24
    town = next(t for t in body["towns"] if t["code"] == LAILONGMEN)
    assert town == {
        "code": LAILONGMEN,
        "name": "来龙门街道",
        "expected": 12,
        "on_time": 1,
        "late": 1,
        "missing": 10,
        "approved_by_town": 0,
        "flagged": 0,
        "approved_by_county": False,
    }
    assert body["total"]["expected"] == 270
    assert body["total"]["missing"] == 268


def test_completeness_follows_the_jurisdiction(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    own = client.get(
        f"{API}/completeness", {"date": "2020-02-03"}, headers=_bearer(people.mafangtang)
    ).json()
    assert [(t["code"], t["expected"], t["on_time"]) for t in own["towns"]] == [(LAILONGMEN, 1, 1)]
    town = client.get(
        f"{API}/completeness", {"date": "2020-02-03"}, headers=_bearer(people.shiting)
    ).json()
    assert [t["code"] for t in town["towns"]] == [SHITING]
    narrowed = client.get(
        f"{API}/completeness",
        {"date": "2020-02-03", "place": SHITING},
        headers=_bearer(people.liling),
    ).json()
    assert [t["code"] for t in narrowed["towns"]] == [SHITING]
    outside = client.get(
        f"{API}/completeness",
        {"date": "2020-02-03", "place": LAILONGMEN},
        headers=_bearer(people.shiting),
    )
    assert outside.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"date": "2020-02-30"},
        {"date": "yesterday"},
        {"date": "0001-01-01"},
        {"date": "9999-12-31"},
        {"date": "2020-02-03", "place": "4302"},
    ],
)
def test_completeness_bad_input_is_422(client, people, params) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"{API}/completeness", params, headers=_bearer(people.liling))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_unknown_kind_is_404_and_anonymous_is_401_and_no_role_is_403(client, people) -> None:  # type: ignore[no-untyped-def]
    unknown = client.get(
        f"{API}/completeness",
        {"date": "2020-02-03", "kind": "nope"},
        headers=_bearer(people.liling),
    )
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "unknown_kind")
    assert client.get(f"{API}/completeness", {"date": "2020-02-03"}).status_code == 401
    assert client.get(f"{API}/kinds", headers=_bearer(people.stranger)).status_code == 403


def test_kinds(client, people) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"{API}/kinds", headers=_bearer(people.mafangtang)).json()
    assert body[0]["code"] == "children_care"
    assert body[0]["deadline"] == "10:00"
    assert [f["name"] for f in body[0]["fields"]] == ["new_lacking_care", "placed"]


def test_filing_then_correcting_by_api(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(people.mafangtang)
    today = timezone.localdate().isoformat()
    body = {"village": MAFANGTANG, "date": today, "values": {"new_lacking_care": 1, "placed": 1}}
    first = client.post(f"{API}/reports", body, content_type="application/json", headers=headers)
    assert first.status_code == 201
    out = first.json()
    assert (out["created"], out["report"]["version"], out["report"]["channel"]) == (True, 1, "api")
    assert out["report"]["village_name"] == "马放塘社区"
    same = client.post(f"{API}/reports", body, content_type="application/json", headers=headers)
    assert same.status_code == 200
    assert same.json()["changed"] is False
    body["values"] = {"new_lacking_care": 2, "placed": 1}
    second = client.post(f"{API}/reports", body, content_type="application/json", headers=headers)
    assert second.status_code == 200
    assert (second.json()["changed"], second.json()["report"]["version"]) == (True, 2)
    detail = client.get(f"{API}/reports/{out['report']['id']}", headers=headers).json()
    assert [v["values"]["new_lacking_care"] for v in detail["versions"]] == [2, 1]


def test_bad_api_filings(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(people.mafangtang)
    today = timezone.localdate()

    def post(**overrides):  # type: ignore[no-untyped-def]
        body = {
            "village": MAFANGTANG,
            "date": today.isoformat(),
            "values": {"new_lacking_care": 0, "placed": 0},
        }
        body.update(overrides)
        return client.post(f"{API}/reports", body, content_type="application/json", headers=headers)

    bad = post(values={"new_lacking_care": -1})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"new_lacking_care", "placed"}
    other = post(village=GUXIAN)
    assert (other.status_code, other.json()["error"]["code"]) == (403, "not_your_village")
    assert post(village="430281002999").status_code == 404
    future = post(date=(today + timedelta(days=1)).isoformat())
    assert (future.status_code, future.json()["error"]["code"]) == (422, "future_day")
    assert post(village="4302").status_code == 422
    assert not DailyReport.objects.exists()


def test_one_tap_zero_by_api(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(people.mafangtang)
    response = client.post(
        f"{API}/reports/zero",
        {"village": MAFANGTANG},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["report"]["is_zero"] is True
    assert response.json()["report"]["date"] == timezone.localdate().isoformat()
    again = client.post(
        f"{API}/reports/zero",
        {"village": MAFANGTANG},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 200


def test_another_units_report_is_404(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    report = file(kind, people.guxian, GUXIAN).report
    for user in (people.mafangtang, people.lailongmen):
        response = client.get(f"{API}/reports/{report.pk}", headers=_bearer(user))
        assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")
    assert (
        client.get(f"{API}/reports/{report.pk}", headers=_bearer(people.shiting)).status_code == 200
    )


def test_report_list_is_paginated_and_bounded(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    file(kind, people.guxian, GUXIAN)
    town = client.get(
        f"{API}/reports", {"date": "2020-02-03", "page_size": 5}, headers=_bearer(people.lailongmen)
    ).json()
    assert (town["count"], town["pages"], len(town["items"])) == (12, 3, 5)
    county = client.get(
        f"{API}/reports", {"date": "2020-02-03"}, headers=_bearer(people.liling)
    ).json()
    assert county["count"] == 13
    own = client.get(f"{API}/reports", headers=_bearer(people.mafangtang)).json()
    assert [r["village"] for r in own["items"]] == [MAFANGTANG]


def test_missing_and_grid(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    missing = client.get(
        f"{API}/missing", {"date": "2020-02-03"}, headers=_bearer(people.liling)
    ).json()
    assert len(missing) == 258
    assert LAILONGMEN not in {m["town_code"] for m in missing}
    grid = client.get(f"{API}/grid", {"month": "2020-02"}, headers=_bearer(people.liling)).json()
    assert (grid["place"], len(grid["rows"]), len(grid["totals"])) == (LILING, 24, 29)
    row = next(r for r in grid["rows"] if r["code"] == LAILONGMEN)
    assert row["cells"][2]["on_time"] == 12
    town = client.get(
        f"{API}/grid", {"month": "2020-02"}, headers=_bearer(people.lailongmen)
    ).json()
    assert len(town["rows"]) == 12
    village_grid = client.get(
        f"{API}/grid", {"month": "2020-02"}, headers=_bearer(people.mafangtang)
    )
    assert village_grid.status_code == 422
    for month in ("2020-13", "0000-01", "9999-12"):
        response = client.get(f"{API}/grid", {"month": month}, headers=_bearer(people.liling))
        assert response.status_code == 422


def test_approvals_by_api(client, people, kind) -> None:  # type: ignore[no-untyped-def]
    report = file(kind, people.mafangtang, MAFANGTANG).report
    approved = client.post(f"{API}/reports/{report.pk}/approve", headers=_bearer(people.lailongmen))
    assert approved.status_code == 200
    assert approved.json()["approved_by_town"] is True
    file_town(kind, LAILONGMEN, actor=people.lailongmen)
    day = {"date": "2020-02-03"}
    refused = client.post(
        f"{API}/towns/{LAILONGMEN}/county-approve",
        day,
        content_type="application/json",
        headers=_bearer(people.liling),
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (409, "villages_not_approved")
    assert refused.json()["error"]["approved"] == 1
    town = client.post(
        f"{API}/towns/{LAILONGMEN}/approve",
        day,
        content_type="application/json",
        headers=_bearer(people.lailongmen),
    )
    assert town.json() == {"approved": 11}
    county = client.post(
        f"{API}/towns/{LAILONGMEN}/county-approve",
        day,
        content_type="application/json",
        headers=_bearer(people.liling),
    )
    assert county.status_code == 200
    assert county.json()["approved_by_county"] is True
    assert TownDay.objects.get(town_id=LAILONGMEN, day=DAY).is_approved
    forbidden = client.post(
        f"{API}/towns/{SHITING}/approve",
        day,
        content_type="application/json",
        headers=_bearer(people.lailongmen),
    )
    assert forbidden.status_code == 404  # another town: not visible


def test_odd_ids_answer_json_not_html(client, people) -> None:  # type: ignore[no-untyped-def]
    headers = _bearer(people.liling)
    for url in (f"{API}/reports/-1", f"{API}/reports/-1/approve", f"{API}/reports/x"):
        response = (
            client.post(url, headers=headers)
            if "approve" in url
            else client.get(url, headers=headers)
        )
        assert response.status_code in (404, 422)
        assert response.json()["error"]["code"]
    bad_town = client.post(
        f"{API}/towns/abc/approve",
        {"date": "2020-02-03"},
        content_type="application/json",
        headers=headers,
    )
    assert bad_town.status_code == 422
