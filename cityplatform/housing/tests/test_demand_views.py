"""The public "register a demand" page, its links, and the staff's admin for demands."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from cityplatform.audit.models import AuditEntry
from cityplatform.housing.models import BuyerDemand
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.demand_helpers import register
from cityplatform.portal.models import PlatformContact
from conftest import TIANYUAN

pytestmark = pytest.mark.django_db

FORM = {
    "buyer_name": "王先生",
    "buyer_phone": "13812345678",
    "districts": [TIANYUAN],
    "communities": "金涛小区，春藤小镇",
    "budget_min_wan": "60",
    "budget_max_wan": "90.5",
    "bedrooms_min": "2",
    "bedrooms_max": "3",
    "features": ["家电齐全", "电梯"],
    "keywords": "二中",
    "notice_preference": "instant",
    "digest_max_listings": "5",
}


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    # Registrations are throttled in the cache: every test starts with a full budget.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def contact(db: Any) -> None:
    PlatformContact.objects.create(
        name="平台", address="天元区", hotlines="28200618", housing_hotline="28200686"
    )


def test_the_form_registers_a_demand_and_thanks_the_buyer(client, community, contact) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/housing/demand/").content.decode()
    assert 'name="buyer_phone"' in page
    assert "28200686" in page
    response = client.post("/housing/demand/", {**FORM, "communities": "金涛小区"})
    assert response.status_code == 302
    assert response["Location"] == "/housing/demand/done/"
    demand = BuyerDemand.objects.get()
    assert (demand.budget_min_yuan, demand.budget_max_yuan) == (600_000, 905_000)
    assert [c.name for c in demand.communities.all()] == ["金涛小区"]
    assert demand.features == ["家电齐全", "电梯"]
    done = client.get(response["Location"]).content.decode()
    assert "demand-success" in done
    assert "28200686" in done


def test_mistakes_come_back_on_the_form_and_nothing_is_stored(client, community) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/housing/demand/", {**FORM, "buyer_phone": "123", "budget_min_wan": "100"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "有效的电话号码" in page
    assert "预算下限高于上限" in page
    assert "春藤小镇" in page  # unknown community, named in its message
    assert not BuyerDemand.objects.exists()


def test_a_bot_filling_the_hidden_field_stores_nothing(client, community) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/housing/demand/", {**FORM, "communities": "", "website": "x"})
    assert response.status_code == 302
    assert not BuyerDemand.objects.exists()


def test_search_and_listing_pages_link_to_the_form_prefilled(  # type: ignore[no-untyped-def]
    client, make_listing
) -> None:
    listing = publish(make_listing())
    assert "/housing/demand/" in client.get("/housing/").content.decode()
    detail = client.get(f"/housing/{listing.pk}/").content.decode()
    assert f"/housing/demand/?listing={listing.pk}" in detail
    form = client.get(f"/housing/demand/?listing={listing.pk}").content.decode()
    assert 'value="金涛小区"' in form
    searched = client.get("/housing/demand/", {"min_price": "80", "bedrooms": "3", "q": "二中"})
    page = searched.content.decode()
    assert 'name="budget_min_wan" value="80"' in page
    assert 'value="二中"' in page


def test_staff_enter_a_phone_demand_in_the_admin(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    response = client.post(
        "/admin/housing/buyerdemand/add/",
        {
            "buyer_name": "赵阿姨",
            "buyer_phone": "0731 2820 0000",
            "districts": [TIANYUAN],
            "budget_max_yuan": "600000",
            "building_types": ["residential"],
            "features": "电梯，低楼层",
            "notice_preference": "digest",
            "digest_max_listings": "3",
            "demandevent_set-TOTAL_FORMS": "0",
            "demandevent_set-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    demand = BuyerDemand.objects.get()
    assert (demand.source, demand.taken_by, demand.assigned_to) == (
        "phone",
        people.staff,
        people.staff,
    )
    assert demand.buyer_phone == "0731-28200000"
    assert demand.features == ["电梯", "低楼层"]
    assert demand.districts.get().code == TIANYUAN


def test_the_admin_refuses_a_bad_range_and_masks_phones(client, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    response = client.post(
        "/admin/housing/buyerdemand/add/",
        {
            "buyer_name": "赵阿姨",
            "buyer_phone": "13800001111",
            "districts": [TIANYUAN],
            "bedrooms_min": "4",
            "bedrooms_max": "2",
            "notice_preference": "instant",
            "digest_max_listings": "5",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not BuyerDemand.objects.exists()
    demand = register()
    listing_page = client.get("/admin/housing/buyerdemand/").content.decode()
    assert "139****5678" in listing_page
    assert "13912345678" not in listing_page
    client.get(f"/admin/housing/buyerdemand/{demand.pk}/change/")
    assert AuditEntry.objects.filter(action="view", object_id=str(demand.pk)).exists()


def test_other_districts_staff_do_not_see_the_demand_in_the_admin(client, people) -> None:  # type: ignore[no-untyped-def]
    demand = register()
    client.force_login(people.liling_staff)
    assert client.get(f"/admin/housing/buyerdemand/{demand.pk}/change/").status_code == 302
    assert "139****5678" not in client.get("/admin/housing/buyerdemand/").content.decode()


# The form with a community the tests create.
OK = {**FORM, "communities": "金涛小区"}


def test_the_page_is_throttled_per_client_address(client, community) -> None:  # type: ignore[no-untyped-def]
    statuses = [client.post("/housing/demand/", OK).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert BuyerDemand.objects.count() == 10
    over = client.post("/housing/demand/", OK, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert over.status_code == 429
    page = over.content.decode()
    assert "您所在网络提交的购房需求过多" in page
    assert 'value="13812345678"' in page  # the form comes back as it was sent
    assert BuyerDemand.objects.count() == 10
    # Another address has its own budget.
    assert client.post("/housing/demand/", OK, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_page_and_the_api_share_one_budget(client, community) -> None:  # type: ignore[no-untyped-def]
    body = {
        "buyer_name": "李女士",
        "buyer_phone": "13912345678",
        "districts": [TIANYUAN],
        "budget_max_yuan": 1_000_000,
    }

    def api() -> int:
        return client.post(
            "/api/housing/demands", body, content_type="application/json"
        ).status_code

    assert [api() for _ in range(5)] == [201] * 5
    assert [client.post("/housing/demand/", OK).status_code for _ in range(5)] == [302] * 5
    assert client.post("/housing/demand/", OK).status_code == 429
    response = client.post("/api/housing/demands", body, content_type="application/json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_requests"
    assert BuyerDemand.objects.count() == 10
