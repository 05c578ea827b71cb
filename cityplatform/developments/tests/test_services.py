"""Writing developments, unit types and photos: validation, workflow, permissions."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.developments.models import (
    Development,
    DevelopmentPhoto,
    SaleStatus,
    SaleStatusEvent,
    UnitType,
)
from cityplatform.developments.services import (
    development_change_status,
    development_create,
    development_update,
    photo_add,
    photo_remove,
    unit_type_add,
    unit_type_remove,
    unit_type_update,
)
from cityplatform.developments.tests.conftest import (
    GOOD_CREDIT_CODE,
    development_values,
    png_file,
    unit,
)
from cityplatform.places.models import Place
from conftest import LAILONGMEN, TIANYUAN

pytestmark = pytest.mark.django_db


def _refused(**overrides: Any) -> dict[str, list[str]]:
    """Create with these values; return the per-field messages, asserting nothing saved."""
    units = overrides.pop("unit_types", [unit()])
    before = (
        Development.objects.count(),
        UnitType.objects.count(),
        SaleStatusEvent.objects.count(),
    )
    with pytest.raises(ValidationError) as caught:
        development_create(actor=None, unit_types=units, **development_values(**overrides))
    after = (Development.objects.count(), UnitType.objects.count(), SaleStatusEvent.objects.count())
    assert after == before
    return caught.value.message_dict


def test_create_with_unit_types_and_first_history_row(places) -> None:  # type: ignore[no-untyped-def]
    development = development_create(
        actor=None,
        unit_types=[unit("两室两厅", bedrooms=2, area_m2="89.5"), unit()],
        **development_values(
            developer_credit_code=f" {GOOD_CREDIT_CODE.lower()} ",
            features="江景，精装修 江景",
            description="**临江** <script>alert(1)</script>",
        ),
    )
    assert development.status == SaleStatus.UPCOMING
    assert development.developer_credit_code == GOOD_CREDIT_CODE
    assert development.features == ["江景", "精装修"]
    assert "<strong>临江</strong>" in development.description_html
    assert "<script" not in development.description_html
    assert [u.area_m2 for u in development.unit_types.order_by("area_m2")] == [
        Decimal("89.50"),
        Decimal("118.00"),
    ]
    event = SaleStatusEvent.objects.get(development=development)
    assert (event.from_status, event.to_status, event.actor) == ("", "upcoming", None)
    assert AuditEntry.objects.filter(object_id=str(development.pk), action="create").exists()


@pytest.mark.parametrize("area", ["0", "-5", "10000.01", "99999"])
def test_impossible_areas_are_refused(places, area) -> None:  # type: ignore[no-untyped-def]
    errors = _refused(unit_types=[unit(area_m2=Decimal(area))])
    assert errors["unit_types.0.area_m2"] == ["面积须大于0且不超过10,000㎡。"]


def test_largest_possible_area_is_accepted(places) -> None:  # type: ignore[no-untyped-def]
    development = development_create(
        actor=None, unit_types=[unit(area_m2=Decimal("10000"))], **development_values()
    )
    assert development.unit_types.get().area_m2 == Decimal("10000.00")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("min_unit_price", Decimal("-1"), "单价必须大于 0 且不超过每平方米 500,000 元。"),
        ("max_unit_price", Decimal("0"), "单价必须大于 0 且不超过每平方米 500,000 元。"),
        ("max_unit_price", Decimal("880000"), "单价必须大于 0 且不超过每平方米 500,000 元。"),
        ("min_total_price", Decimal("-100"), "总价必须大于 0 且不超过 1,000,000,000 元。"),
        ("max_total_price", Decimal("1e10"), "总价必须大于 0 且不超过 1,000,000,000 元。"),
    ],
)
def test_negative_and_absurd_prices_are_refused(places, field, value, message) -> None:  # type: ignore[no-untyped-def]
    errors = _refused(**{field: value})
    assert message in errors[field]


def test_min_above_max_is_refused_on_both_ranges(places) -> None:  # type: ignore[no-untyped-def]
    errors = _refused(
        min_unit_price=Decimal("12000"),
        max_unit_price=Decimal("9000"),
        min_total_price=Decimal("2000000"),
        max_total_price=Decimal("1000000"),
    )
    assert errors["max_unit_price"] == ["最低单价不能高于最高单价。"]
    assert errors["max_total_price"] == ["最低总价不能高于最高总价。"]


def test_one_end_of_a_range_may_be_open(places) -> None:  # type: ignore[no-untyped-def]
    development = development_create(
        actor=None, **development_values(min_unit_price=Decimal("6000"), max_unit_price=None)
    )
    assert (development.min_unit_price, development.max_unit_price) == (Decimal("6000"), None)


@pytest.mark.parametrize("field", ["bedrooms", "living_rooms", "bathrooms"])
def test_more_than_twenty_rooms_are_refused(places, field) -> None:  # type: ignore[no-untyped-def]
    errors = _refused(unit_types=[unit(**{field: 21})])
    assert "房间数必须在 0 到 20 之间。" in errors[f"unit_types.0.{field}"]


def test_unit_type_errors_name_their_row_and_all_come_at_once(places) -> None:  # type: ignore[no-untyped-def]
    errors = _refused(
        name="",
        unit_types=[unit(), unit(area_m2=Decimal(0)), unit(), unit("", reference_price=-1)],
    )
    assert set(errors) == {
        "name",
        "unit_types.1.area_m2",
        "unit_types.2.name",
        "unit_types.3.name",
        "unit_types.3.reference_price",
    }
    assert errors["unit_types.2.name"] == ["本楼盘已有同名户型。"]


def test_other_refusals(places) -> None:  # type: ignore[no-untyped-def]
    errors = _refused(
        developer_credit_code="91110000600037341X",
        place=Place.objects.get(code=LAILONGMEN),
        promotion_ends_on=development_values()["promotion_starts_on"].replace(year=2000),
        features=["x" * 17],
        unit_types=[unit(available_units=-1)],
    )
    assert errors["developer_credit_code"] == ["请输入有效的18位统一社会信用代码。"]
    assert errors["place"] == ["请选择一个区、县或县级市。"]
    assert errors["promotion_ends_on"] == ["推介结束日期不能早于开始日期。"]
    assert errors["features"] == ["每个特色标签为 1 到 16 个字符。"]
    assert "可售套数必须在 0 到 100,000 之间。" in errors["unit_types.0.available_units"]


def test_names_are_unique(places) -> None:  # type: ignore[no-untyped-def]
    development_create(actor=None, **development_values())
    assert _refused() == {"name": ["已有同名楼盘。"]}


def test_update_changes_fields_or_nothing(world) -> None:  # type: ignore[no-untyped-def]
    development = world.cuiwan
    development_update(
        development=development, actor=world.editor, description="# 标题", is_published=False
    )
    development.refresh_from_db()
    assert development.description_html == "<h1>标题</h1>" or "标题" in development.description_html
    assert development.is_published is False
    with pytest.raises(ValidationError):
        development_update(
            development=development,
            actor=world.editor,
            address="新地址",
            max_unit_price=Decimal("1"),
        )
    development.refresh_from_db()
    assert development.address == "天元区滨江路1号"


def test_editors_act_inside_their_jurisdiction_only(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        development_update(development=world.cuiwan, actor=world.liling_editor, address="x")
    with pytest.raises(PermissionDenied):
        development_update(
            development=world.cidu,
            actor=world.liling_editor,
            place=Place.objects.get(code=TIANYUAN),
        )
    with pytest.raises(PermissionDenied):
        development_update(development=world.cidu, actor=world.handler, address="x")
    with pytest.raises(PermissionDenied):
        development_create(actor=world.liling_editor, **development_values(name="新盘"))
    development_update(development=world.cidu, actor=world.liling_editor, address="醴陵市新址")


def test_sale_status_workflow_and_history(world) -> None:  # type: ignore[no-untyped-def]
    development = world.cidu
    with pytest.raises(DomainError) as caught:
        development_change_status(development=development, actor=world.editor, to_status="sold_out")
    assert caught.value.status == 409
    assert caught.value.message == "“待售”的楼盘不能变为“售罄”。"
    for to_status in ("on_sale", "sold_out", "on_sale"):
        development_change_status(
            development=development, actor=world.editor, to_status=to_status, note="加推"
        )
    assert development.status == "on_sale"
    history = list(
        SaleStatusEvent.objects.filter(development=development).values_list(
            "from_status", "to_status"
        )
    )
    assert history == [
        ("", "upcoming"),
        ("upcoming", "on_sale"),
        ("on_sale", "sold_out"),
        ("sold_out", "on_sale"),
    ]
    with pytest.raises(PermissionDenied):
        development_change_status(
            development=development, actor=world.handler, to_status="sold_out"
        )


def test_unit_types_add_update_remove(world) -> None:  # type: ignore[no-untyped-def]
    added = unit_type_add(
        development=world.cuiwan, actor=world.editor, **unit("复式", area_m2=Decimal("180"))
    )
    unit_type_update(unit_type=added, actor=world.editor, available_units=3)
    assert UnitType.objects.get(pk=added.pk).available_units == 3
    with pytest.raises(ValidationError) as caught:
        unit_type_update(unit_type=added, actor=world.editor, area_m2=Decimal("0"))
    assert caught.value.message_dict["area_m2"] == ["面积须大于0且不超过10,000㎡。"]
    with pytest.raises(ValidationError):
        unit_type_add(development=world.cuiwan, actor=world.editor, **unit("复式"))
    with pytest.raises(PermissionDenied):
        unit_type_remove(unit_type=added, actor=world.liling_editor)
    unit_type_remove(unit_type=added, actor=world.editor)
    assert not UnitType.objects.filter(pk=added.pk).exists()


def test_photos_are_checked_and_stored_under_a_random_name(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    photo = photo_add(
        development=world.cuiwan,
        actor=world.editor,
        image=png_file(name="../../etc/passwd.exe"),
        caption="效果图",
    )
    assert photo.image.name.startswith(f"developments/{world.cuiwan.pk}/")
    assert photo.image.name.endswith(".png")
    assert (photo.width, photo.height) == (40, 30)
    jpeg = photo_add(
        development=world.cuiwan,
        actor=world.editor,
        image=png_file(image_format="JPEG", name="x.png"),
    )
    assert jpeg.image.name.endswith(".jpg")
    name = photo.image.name
    storage = photo.image.storage
    with django_capture_on_commit_callbacks(execute=True):
        photo_remove(photo=photo, actor=world.editor)
    assert not DevelopmentPhoto.objects.filter(pk=photo.pk).exists()
    assert not storage.exists(name)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (png_file(image_format="GIF", name="a.gif"), "请上传 JPEG、PNG 或 WebP 格式的图片。"),
        (
            png_file(name="a.png").__class__(b"not an image", name="a.png"),
            "请上传 JPEG、PNG 或 WebP 格式的图片。",
        ),
        (png_file(size=(8000, 6000)), "图片像素不能超过 40 百万。"),
    ],
)
def test_bad_photos_are_refused(world, image, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        photo_add(development=world.cuiwan, actor=world.editor, image=image)
    assert caught.value.message_dict["image"] == [message]
    assert not DevelopmentPhoto.objects.exists()


def test_oversized_photo_is_refused(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.developments import validators

    monkeypatch.setattr(validators, "MAX_PHOTO_BYTES", 100)
    with pytest.raises(ValidationError) as caught:
        photo_add(development=world.cuiwan, actor=world.editor, image=png_file(size=(200, 200)))
    # The wording is shared with housing's photos, whose catalogue may word it (照片/图片).
    (message,) = caught.value.message_dict["image"]
    assert message.endswith("片不能超过 0 MB。")
