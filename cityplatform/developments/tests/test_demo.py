"""The demo: five invented developments in 株洲's districts, one of each status, with
unit types and photos; logins for an editor and a handler; idempotent."""

import io

import pytest

from cityplatform.developments import demo
from cityplatform.developments.models import (
    Development,
    DevelopmentPhoto,
    Enquiry,
    EnquiryEvent,
    SaleStatusEvent,
    UnitType,
)
from cityplatform.developments.selectors import development_search

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Development, UnitType, DevelopmentPhoto, SaleStatusEvent, Enquiry, EnquiryEvent)
    )


def test_demo_is_idempotent_and_plausible(places, make_user) -> None:  # type: ignore[no-untyped-def]
    demo.load(io.StringIO())
    before = _counts()
    demo.load(io.StringIO())
    assert _counts() == before
    developments = list(development_search())
    assert 4 <= len(developments) <= 6
    assert all(d.name.startswith("演示·") for d in developments)  # clearly invented
    assert {d.place.name for d in developments} == {
        "天元区",
        "芦淞区",
        "荷塘区",
        "石峰区",
        "醴陵市",
    }
    assert {d.status for d in developments} == {"upcoming", "on_sale", "sold_out"}
    for development in developments:
        assert development.unit_types.exists()
        photo = development.photos.get()
        assert photo.image.name.endswith(".png")
        assert photo.width == 320
    assert Enquiry.objects.filter(status="contacted").count() == 1


def test_demo_logins_have_their_roles(places, make_user) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.accounts.models import User

    demo.load(io.StringIO())
    assert User.objects.get(username="loupan").has_role("developments_editor")
    assert User.objects.get(username="zixun").has_role("enquiry_handler")
    assert [login for login, _ in demo.LOGINS] == ["loupan", "zixun"]
