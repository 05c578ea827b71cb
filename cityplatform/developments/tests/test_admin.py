"""The admin: developments saved through the services (refused input is a 400 with the
errors and saves nothing), jurisdiction, and enquiries masked, audited and handled."""

from typing import Any

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.developments.models import (
    Development,
    DevelopmentPhoto,
    EnquiryEvent,
    SaleStatusEvent,
    UnitType,
)
from cityplatform.developments.tests.conftest import enquire, png_file
from conftest import LILING, TIANYUAN

pytestmark = pytest.mark.django_db


def _management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "芦淞锦绣华庭",
        "is_published": "on",
        "features": "近商圈, 公园旁",
        "developer_name": "芦淞锦绣房地产开发有限公司",
        "developer_credit_code": "",
        "place": "430203000000",
        "address": "芦淞区服饰城东侧",
        "min_unit_price": "6800",
        "max_unit_price": "7900",
        "min_total_price": "",
        "max_total_price": "",
        "promotion_starts_on": "2026-01-01",
        "promotion_ends_on": "2099-12-31",
        "description": "即将开盘",
        **_management("unit_types", total=1),
        "unit_types-0-name": "三室两厅",
        "unit_types-0-bedrooms": "3",
        "unit_types-0-living_rooms": "2",
        "unit_types-0-bathrooms": "2",
        "unit_types-0-area_m2": "105",
        "unit_types-0-available_units": "60",
        "unit_types-0-reference_price": "",
        "unit_types-0-order": "0",
        **_management("photos"),
        **_management("status_events"),
    }
    data.update(overrides)
    return data


def test_editor_creates_a_development_with_unit_types_and_a_photo(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.editor)
    data = _form(
        **_management("photos", total=1),
        **{"photos-0-image": png_file(), "photos-0-caption": "效果图", "photos-0-order": "0"},
    )
    response = client.post("/admin/developments/development/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    development = Development.objects.get(name="芦淞锦绣华庭")
    assert development.features == ["近商圈", "公园旁"]
    assert development.unit_types.get().area_m2 == 105
    assert development.photos.get().image.name.endswith(".png")
    assert SaleStatusEvent.objects.filter(development=development, actor=world.editor).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit_types-0-area_m2": "0"}, "面积须大于0且不超过10,000㎡。"),
        ({"unit_types-0-area_m2": "10001"}, "面积须大于0且不超过10,000㎡。"),
        ({"unit_types-0-bedrooms": "21"}, "房间数必须在 0 到 20 之间。"),
        ({"min_unit_price": "-1"}, "单价必须大于 0 且不超过每平方米 500,000 元。"),
        ({"max_total_price": "9999999999"}, "总价必须大于 0 且不超过 1,000,000,000 元。"),
        ({"min_unit_price": "9000", "max_unit_price": "8000"}, "最低单价不能高于最高单价。"),
        ({"developer_credit_code": "abc"}, "请输入有效的18位统一社会信用代码。"),
        ({"unit_types-0-reference_price": "-5"}, "总价必须大于 0 且不超过 1,000,000,000 元。"),
    ],
)
def test_refused_input_is_a_400_and_nothing_is_saved(client, world, overrides, message) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.editor)
    before = (Development.objects.count(), UnitType.objects.count())
    response = client.post("/admin/developments/development/add/", _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Development.objects.count(), UnitType.objects.count()) == before


def test_bad_photo_is_refused(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.editor)
    data = _form(
        **_management("photos", total=1),
        **{"photos-0-image": png_file(image_format="GIF", name="x.gif"), "photos-0-order": "0"},
    )
    response = client.post("/admin/developments/development/add/", data)
    assert response.status_code == 400
    assert not Development.objects.filter(name="芦淞锦绣华庭").exists()
    assert not DevelopmentPhoto.objects.exists()


def test_jurisdiction_bounds_the_list_and_the_place_choices(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.liling_editor)
    page = client.get("/admin/developments/development/").content.decode()
    assert "醴陵瓷都壹号" in page
    assert "湘江翠湾" not in page
    assert (
        client.get(f"/admin/developments/development/{world.cuiwan.pk}/change/").status_code == 302
    )
    response = client.post("/admin/developments/development/add/", _form(place=TIANYUAN))
    assert response.status_code == 400
    add_page = client.get("/admin/developments/development/add/").content.decode()
    assert f'value="{LILING}"' in add_page
    assert 'value="430281002000"' not in add_page  # towns are not offered


def test_editor_edits_unit_types_in_place(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.liling_editor)
    development = world.cidu
    unit_type = development.unit_types.get()
    url = f"/admin/developments/development/{development.pk}/change/"
    data = _form(
        name=development.name,
        place=LILING,
        address=development.address,
        min_unit_price="",
        max_unit_price="",
        **_management("unit_types", total=1, initial=1),
        **_management("status_events", total=1, initial=1),
        **{
            "unit_types-0-id": str(unit_type.pk),
            "unit_types-0-development": str(development.pk),
            "unit_types-0-area_m2": "120",
            "status_events-0-id": str(development.status_events.get().pk),
            "status_events-0-development": str(development.pk),
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    unit_type.refresh_from_db()
    assert unit_type.area_m2 == 120
    development.refresh_from_db()
    assert development.features == ["近商圈", "公园旁"]


def test_status_actions_go_through_the_workflow(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.editor)
    response = client.post(
        "/admin/developments/development/",
        {"action": "mark_sold_out", "_selected_action": [world.cuiwan.pk, world.cidu.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "“待售”的楼盘不能变为“售罄”。" in page
    world.cuiwan.refresh_from_db()
    world.cidu.refresh_from_db()
    assert (world.cuiwan.status, world.cidu.status) == ("sold_out", "upcoming")


def test_enquiry_admin_masks_audits_and_handles(client, world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    client.force_login(world.editor)  # editors do not see enquiries
    assert client.get("/admin/developments/enquiry/").status_code == 403
    client.force_login(world.handler)
    page = client.get("/admin/developments/enquiry/").content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page
    url = f"/admin/developments/enquiry/{enquiry.pk}/change/"
    assert "13812345678" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(action="view", object_id=str(enquiry.pk)).exists()
    response = client.post(
        url,
        {"to_status": "contacted", "note": "已回电，约周六", **_management("events")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    enquiry.refresh_from_db()
    assert enquiry.status == "contacted"
    assert EnquiryEvent.objects.get(enquiry=enquiry).note == "已回电，约周六"
    client.force_login(world.liling_handler)
    assert client.get(url).status_code == 302  # outside the jurisdiction: not found


def test_enquiry_admin_actions(client, world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    client.force_login(world.handler)
    client.post(
        "/admin/developments/enquiry/",
        {"action": "mark_closed", "_selected_action": [enquiry.pk]},
    )
    enquiry.refresh_from_db()
    assert enquiry.status == "closed"
