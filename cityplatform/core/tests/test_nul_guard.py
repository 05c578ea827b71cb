"""A NUL character anywhere in a request's text gets a 400, never a database error."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from cityplatform.core.nul_guard import request_has_nul

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/api/housing/listings?q=%00", "/api/housing/listings?q=a%00b", "/api/news/%00"],
)
def test_api_refuses_nul_in_url_with_json_error(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "null_character"


def test_api_refuses_escaped_nul_in_json_body(client: Client) -> None:
    body = json.dumps({"name": "a\x00b"})
    assert "\\u0000" in body
    response = client.post("/api/housing/demands", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "null_character"


def test_page_refuses_nul_with_plain_400(client: Client) -> None:
    response = client.get("/housing/?q=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_ordinary_requests_pass() -> None:
    factory = RequestFactory()
    assert not request_has_nul(factory.get("/housing/?q=二中"))
    assert not request_has_nul(factory.post("/x/", {"name": "张三"}))
    assert not request_has_nul(
        factory.post("/x/", json.dumps({"name": "back\\slash"}), content_type="application/json")
    )


def test_uploaded_file_may_contain_nul_bytes_but_form_fields_may_not() -> None:
    factory = RequestFactory()
    photo = SimpleUploadedFile("a.png", b"\x89PNG\x00\x00", content_type="image/png")
    assert not request_has_nul(factory.post("/x/", {"caption": "客厅", "photo": photo}))
    photo.seek(0)
    assert request_has_nul(factory.post("/x/", {"caption": "客\x00厅", "photo": photo}))


def test_urlencoded_form_nul_is_found() -> None:
    factory = RequestFactory()
    request = factory.post("/x/", "name=a%00b", content_type="application/x-www-form-urlencoded")
    assert request_has_nul(request)
