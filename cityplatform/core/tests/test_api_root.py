"""The API root: schema and docs served, one error shape."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_served(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"].startswith("株洲市")
    assert client.get("/api/docs").status_code == 200


def test_every_list_endpoint_uses_the_shared_pagination(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/openapi.json").json()
    listed = 0
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        ref = get["responses"].get("200", {}).get("content", {}).get("application/json", {})
        target = ref.get("schema", {}).get("$ref", "")
        if target.split("/")[-1].startswith("Paged"):
            names = {p["name"] for p in get.get("parameters", [])}
            assert {"page", "page_size"} <= names, path
            listed += 1
    assert listed >= 2
