"""Fixtures shared by every app's tests.

`places` gives the demo place tree (株洲, 醴陵's 24 towns and 270 villages);
`make_user` creates a user with roles and a jurisdiction in one line, so a
permission test reads like its rule: make_user("vd", roles=["..."], place=HUABU).
"""

import io
from collections.abc import Callable
from typing import Any

import pytest

from cityplatform.portal.tests.browser import browser_page  # noqa: F401 - a fixture

# Codes tests refer to by name.
ZHUZHOU = "430200000000"
TIANYUAN = "430211000000"
LILING = "430281000000"
LAILONGMEN = "430281002000"
MAFANGTANG = "430281002001"
SHITING = "430281108000"
LITIAN = "430281109000"


@pytest.fixture
def places(db: Any) -> None:
    from cityplatform.places import demo
    from cityplatform.places.models import Place

    if not Place.objects.filter(level=Place.Level.VILLAGE).exists():
        demo.load(io.StringIO())


@pytest.fixture
def make_user(places: None) -> Callable[..., Any]:
    from cityplatform.accounts.roles import sync_roles
    from cityplatform.accounts.services import user_ensure
    from cityplatform.places.models import Place

    sync_roles()

    def make(
        username: str,
        *,
        roles: list[str] | tuple[str, ...] = (),
        place: str | None = None,
        password: str = "pass-1234-word",
        **kwargs: Any,
    ) -> Any:
        return user_ensure(
            username=username,
            password=password,
            jurisdiction=Place.objects.get(code=place) if place else None,
            roles=roles,
            **kwargs,
        )

    return make
