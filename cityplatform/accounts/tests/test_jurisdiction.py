"""The jurisdiction mechanism, shown on users (a user carries their place)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from cityplatform.accounts.jurisdiction import can_see, get_visible_or_404, visible_to
from cityplatform.accounts.models import User
from conftest import LILING, LITIAN, MAFANGTANG, SHITING

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user):  # type: ignore[no-untyped-def]
    return SimpleNamespace(
        bureau=make_user("bureau", place=LILING),
        shiting=make_user("shiting", place=SHITING),
        litian=make_user("litian", place=LITIAN),
        community=make_user("community", place=MAFANGTANG),
        nobody=make_user("nobody"),
        root=make_user("root", is_superuser=True),
    )


def test_county_user_sees_everything_inside_the_county(people) -> None:  # type: ignore[no-untyped-def]
    seen = set(visible_to(User.objects.all(), people.bureau).values_list("username", flat=True))
    assert {"bureau", "shiting", "litian", "community"} <= seen
    assert "nobody" not in seen


def test_town_user_sees_only_the_town(people) -> None:  # type: ignore[no-untyped-def]
    seen = set(visible_to(User.objects.all(), people.shiting).values_list("username", flat=True))
    assert seen == {"shiting"}
    assert not can_see(people.shiting, people.litian)
    assert can_see(people.bureau, people.community)


def test_no_jurisdiction_or_anonymous_sees_nothing(people) -> None:  # type: ignore[no-untyped-def]
    assert not visible_to(User.objects.all(), people.nobody).exists()
    assert not visible_to(User.objects.all(), AnonymousUser()).exists()
    assert not can_see(AnonymousUser(), people.bureau)


def test_superuser_sees_everything(people) -> None:  # type: ignore[no-untyped-def]
    assert visible_to(User.objects.all(), people.root).count() == User.objects.count()


def test_inactive_user_sees_nothing(people) -> None:  # type: ignore[no-untyped-def]
    people.bureau.is_active = False
    assert not visible_to(User.objects.all(), people.bureau).exists()


def test_not_visible_looks_like_absent(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        get_visible_or_404(User.objects.all(), people.shiting, username="litian")
    with pytest.raises(Http404):
        get_visible_or_404(User.objects.all(), people.shiting, username="no-such-user")
    assert get_visible_or_404(User.objects.all(), people.bureau, username="litian") == people.litian


def test_admin_lists_only_users_inside_the_jurisdiction(client, people, make_user) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    admin = make_user("town-admin", place=SHITING, is_staff=True)
    admin.user_permissions.add(Permission.objects.get(codename="view_user"))
    make_user("shiting-clerk", place=SHITING)
    client.force_login(admin)
    page = client.get("/admin/accounts/user/")
    assert page.status_code == 200
    assert "shiting-clerk" in page.content.decode()
    assert "litian" not in page.content.decode()
    assert client.get(f"/admin/accounts/user/{people.litian.pk}/change/").status_code in (302, 404)
