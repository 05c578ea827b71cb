"""The public pages (list with htmx filters, detail, the enquiry form) and the
enquiry handlers' console."""

import pytest

from cityplatform.audit.models import AuditEntry
from cityplatform.developments.models import Enquiry, EnquiryEvent
from cityplatform.developments.services import development_update
from cityplatform.developments.tests.conftest import enquire

pytestmark = pytest.mark.django_db

FORM = {"name": "王女士", "phone": "138 1234 5678", "contact_time": "evening", "message": "看房"}


@pytest.fixture
def hotline(db) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.portal.models import PlatformContact

    PlatformContact.objects.create(
        name="株洲市城市综合服务信息平台",
        address="天元区韶山路568号",
        hotlines="28200686",
        housing_hotline="28200686",
    )


def test_list_page(client, world, hotline) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/developments/").content.decode()
    assert page.count('class="development-link"') == 2
    assert page.index("湘江翠湾") < page.index("醴陵瓷都壹号")
    assert "8,800–11,500" in page
    assert "价格待定" in page  # 瓷都 has no price yet
    assert "28200686" in page
    assert "楼盘推介" in page  # the navigation item


def test_filters_and_htmx(client, world) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/developments/", {"district": "430281000000"}).content.decode()
    assert "醴陵瓷都壹号" in page
    assert "湘江翠湾" not in page
    response = client.get("/developments/", {"bedrooms": "4"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "湘江翠湾" in body
    assert "醴陵瓷都壹号" not in body
    page = client.get("/developments/", {"status": "upcoming"}).content.decode()
    assert "醴陵瓷都壹号" in page
    assert "湘江翠湾" not in page


def test_bad_filters_are_a_400_in_chinese(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/developments/", {"min_price": "9000", "max_price": "100"})
    assert response.status_code == 400
    assert "最低单价不能高于最高单价。" in response.content.decode()
    assert client.get("/developments/", {"bedrooms": "abc"}).status_code == 400


def test_detail_page(client, world, hotline) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/developments/{world.cuiwan.pk}/").content.decode()
    for text in (
        "湘江翠湾",
        "在售",
        "株洲翠湾置业有限公司",
        "8,800–11,500 元/㎡",
        "78–165 万元",
        "2室2厅1卫",
        "79.8 万元",
        "购房热线",
        'href="tel:28200686"',
        'class="stacked enquiry-form"',
        "江景",
    ):
        assert text in page, text


def test_hidden_developments_are_404(client, world) -> None:  # type: ignore[no-untyped-def]
    development_update(development=world.cuiwan, actor=None, is_published=False)
    assert client.get(f"/developments/{world.cuiwan.pk}/").status_code == 404
    assert client.post(f"/developments/{world.cuiwan.pk}/enquiry/", FORM).status_code == 404
    assert client.get("/developments/999999/").status_code == 404


def test_enquiry_plain_post_redirects_to_thanks(client, world) -> None:  # type: ignore[no-untyped-def]
    unit_type = world.cuiwan.unit_types.get(name="三室两厅")
    response = client.post(
        f"/developments/{world.cuiwan.pk}/enquiry/", {**FORM, "unit_type": unit_type.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/developments/{world.cuiwan.pk}/enquiry/thanks/"
    enquiry = Enquiry.objects.get()
    assert (enquiry.phone, enquiry.unit_type, enquiry.contact_time) == (
        "13812345678",
        unit_type,
        "evening",
    )
    thanks = client.get(response["Location"]).content.decode()
    assert "谢谢，您的咨询已提交。" in thanks


def test_enquiry_htmx_post_answers_the_success_fragment(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/developments/{world.cuiwan.pk}/enquiry/", FORM, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'class="enquiry-success"' in body
    assert Enquiry.objects.count() == 1


def test_bad_phone_is_a_400_with_the_form_and_nothing_stored(client, world) -> None:  # type: ignore[no-untyped-def]
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post(
            f"/developments/{world.cuiwan.pk}/enquiry/", {**FORM, "phone": "12345"}, **headers
        )
        body = response.content.decode()
        assert response.status_code == 400
        assert "请输入有效的电话号码" in body
        assert 'value="王女士"' in body  # what was typed is kept
    assert not Enquiry.objects.exists()


def test_unit_type_of_another_development_is_refused(client, world) -> None:  # type: ignore[no-untyped-def]
    other = world.cidu.unit_types.first()
    response = client.post(
        f"/developments/{world.cuiwan.pk}/enquiry/", {**FORM, "unit_type": other.pk}
    )
    assert response.status_code == 400
    assert "请选择本楼盘的户型。" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_honeypot_looks_like_success_and_stores_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/developments/{world.cuiwan.pk}/enquiry/", {**FORM, "website": "http://spam"}
    )
    assert response.status_code == 302
    assert not Enquiry.objects.exists()


def test_page_and_api_share_one_throttle(client, world) -> None:  # type: ignore[no-untyped-def]
    url = f"/developments/{world.cuiwan.pk}/enquiry/"
    for _ in range(5):
        client.post(
            f"/api/developments/developments/{world.cuiwan.pk}/enquiries",
            FORM,
            content_type="application/json",
        )
    statuses = [client.post(url, FORM, HTTP_HX_REQUEST="true").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    response = client.post(url, FORM, HTTP_HX_REQUEST="true")
    assert "请一分钟后再试" in response.content.decode()
    assert Enquiry.objects.count() == 10


# --- Console ----------------------------------------------------------------------


def test_console_is_for_handlers_only(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/developments/console/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    for user in (world.stranger, world.editor):
        client.force_login(user)
        assert client.get("/developments/console/").status_code == 404


def test_console_lists_with_masked_phones(client, world) -> None:  # type: ignore[no-untyped-def]
    enquire(world.cuiwan)
    enquire(world.cidu, phone="13900001111")
    client.force_login(world.liling_handler)
    page = client.get("/developments/console/").content.decode()
    assert "139****1111" in page
    assert "13900001111" not in page
    assert "湘江翠湾" not in page.split("<tbody>")[1]
    client.force_login(world.handler)
    page = client.get("/developments/console/", {"status": "new"}).content.decode()
    assert page.count('class="enquiry-row') == 2
    assert 'data-new-count="2"' in page


def test_console_enquiry_shows_the_phone_and_is_audited(client, world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    client.force_login(world.liling_handler)
    assert client.get(f"/developments/console/enquiries/{enquiry.pk}/").status_code == 404
    client.force_login(world.handler)
    page = client.get(f"/developments/console/enquiries/{enquiry.pk}/").content.decode()
    assert "13812345678" in page
    assert AuditEntry.objects.filter(
        action="view",
        object_type="developments.enquiry",
        object_id=str(enquiry.pk),
        actor=world.handler,
    ).exists()


def test_console_transition_and_note_with_htmx(client, world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    client.force_login(world.handler)
    base = f"/developments/console/enquiries/{enquiry.pk}"
    response = client.post(
        f"{base}/transition/", {"to_status": "contacted", "note": "已回电"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'id="enquiry-panel"' in body
    assert "<html" not in body
    assert "该咨询已标记为“已联系”。" in body
    again = client.post(f"{base}/transition/", {"to_status": "contacted"}, HTTP_HX_REQUEST="true")
    assert "“已联系”的咨询不能变为“已联系”。" in again.content.decode()
    response = client.post(f"{base}/note/", {"note": "周六看房"})
    assert response.status_code == 302
    assert list(EnquiryEvent.objects.values_list("note", flat=True)) == ["已回电", "周六看房"]
    empty = client.post(f"{base}/note/", {"note": ""}, HTTP_HX_REQUEST="true")
    assert "这个字段是必填项。" in empty.content.decode()
