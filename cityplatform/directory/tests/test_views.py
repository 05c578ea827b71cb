"""Public pages: the directory, a provider's page, and the request form."""

import pytest

from cityplatform.directory.models import ServiceRequest

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "王女士",
    "phone": "13812345678",
    "address": "天元区泰山路88号",
    "need": "厨房发现白蚁，请上门查看",
}


def test_list_shows_published_providers(client, world, make_provider) -> None:  # type: ignore[no-untyped-def]
    make_provider("不公开的公司", is_published=False)
    page = client.get("/services/").content.decode()
    assert "株洲市白蚁防治有限公司" in page
    assert "株洲市房地产测绘队" in page
    assert "不公开的公司" not in page
    assert 'name="q"' in page
    assert 'type="submit"' in page


def test_search_finds_baiyi(client, world) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/services/", {"q": "白蚁"}).content.decode()
    assert "株洲市白蚁防治有限公司" in page
    assert "株洲市房地产测绘队" not in page


def test_category_filter_and_bad_input_are_harmless(client, world, category) -> None:  # type: ignore[no-untyped-def]
    assert (
        "株洲市白蚁防治有限公司"
        in client.get("/services/", {"category": category.pk}).content.decode()
    )
    for params in (
        {"category": "x"},
        {"category": "99999999999999"},
        {"page": "-1"},
        {"q": "x" * 5000},
    ):
        assert client.get("/services/", params).status_code == 200


def test_detail_shows_the_provider(client, world) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/services/{world.baiyi.pk}/").content.decode()
    assert 'href="tel:0731-22616110"' in page
    assert "让您的生活远离虫害烦恼" in page
    assert "韶山路568号" in page
    assert 'class="tag ownership"' in page
    assert 'class="stacked service-request-form"' in page


def test_unpublished_or_absent_provider_is_404(client, make_provider) -> None:  # type: ignore[no-untyped-def]
    hidden = make_provider("不公开的公司", is_published=False)
    assert client.get(f"/services/{hidden.pk}/").status_code == 404
    assert client.post(f"/services/{hidden.pk}/request/", GOOD).status_code == 404
    assert client.get("/services/999999/").status_code == 404


def test_request_form_success(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/services/{world.baiyi.pk}/request/", GOOD, follow=True)
    assert response.status_code == 200
    assert "request-success" in response.content.decode()
    obj = ServiceRequest.objects.get()
    assert (obj.provider, obj.name, obj.phone, obj.status) == (
        world.baiyi,
        "王女士",
        "13812345678",
        "new",
    )


def test_request_form_bad_phone_is_400_and_saves_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/services/{world.baiyi.pk}/request/", {**GOOD, "phone": "12345"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "errorlist" in page
    assert 'value="王女士"' in page  # what was typed is kept
    assert not ServiceRequest.objects.exists()


def test_request_form_errors_are_in_chinese(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/services/{world.baiyi.pk}/request/", {**GOOD, "need": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_honeypot_looks_like_success_but_saves_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/services/{world.baiyi.pk}/request/", {**GOOD, "website": "http://spam"}, follow=True
    )
    assert "request-success" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_request_url_takes_post_only(client, world) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/services/{world.baiyi.pk}/request/").status_code == 405
