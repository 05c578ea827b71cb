"""The demo registry: size, 欢欢's family, alarms, overdue follow-ups, hotline, logins,
and a second load adds nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from cityplatform.accounts.models import User
from cityplatform.children import demo
from cityplatform.children.models import Category, Child, HotlineCall, category_filter
from cityplatform.children.selectors import (
    daily_registry_counts,
    open_alarms,
    overdue_follow_ups,
    unplaced_new_children,
)
from cityplatform.children.summary import case_summary
from cityplatform.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(places) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.accounts.roles import sync_roles

    sync_roles()
    demo.load(io.StringIO())


def test_the_demo_registry(loaded) -> None:  # type: ignore[no-untyped-def]
    total = Child.objects.count()
    assert 3900 <= total <= 4100
    for code in Category.values:
        assert Child.objects.filter(**category_filter(code)).count() > 100
    villages = Child.objects.values("village_id").distinct().count()
    assert villages == 270
    assert Child.objects.values("village__parent_id").distinct().count() == 24

    alarms = open_alarms("430281")
    assert 3 <= alarms.count() <= 10
    assert open_alarms("430281002001").exists()  # 马放塘社区's director sees one
    assert overdue_follow_ups("430281").count() >= 5
    assert overdue_follow_ups("430281002001").exists()
    assert HotlineCall.objects.filter(first_response_at__isnull=True, escalation__gt=0).count() == 2


def test_huanhuans_family(loaded) -> None:  # type: ignore[no-untyped-def]
    family = list(
        Child.objects.filter(village_id="430281109200", address="风塘组").order_by("birth_date")
    )
    assert [c.name for c in family] == ["李欢欢", "李乐乐", "李笑笑", "李甜甜"]
    for child in family:
        assert child.is_unsupported
        assert child.guardians.get(relation="father").situation == "unable"
        assert {a.kind for a in child.arrangements.all()} == {"relative", "fallback"}
        assert child.visits.filter(visited_on=datetime.date(2020, 3, 17)).exists()
    eldest = family[0]
    assert eldest.assistance.get().cash_amount == Decimal("1000.00")
    summary = case_summary(eldest, pseudonym="欢欢")
    assert "李欢欢" not in summary
    assert "华埠" not in summary
    assert "1000" in summary
    huabu = Place.objects.get(code="430281109200")
    counts = daily_registry_counts(huabu, datetime.date(2020, 2, 3))
    assert counts["new_lacking_care"] >= 4
    assert counts["placed"] >= 4
    # The family was placed the day it was found; 华埠村's unplaced child is flagged on its day.
    alarm = open_alarms("430281109200").first()
    assert alarm is not None
    assert unplaced_new_children(huabu, alarm.registered_on) >= 1


def test_logins_and_idempotence(loaded) -> None:  # type: ignore[no-untyped-def]
    for username, _description in demo.LOGINS:
        user = User.objects.get(username=username)
        assert user.jurisdiction_id is not None
    assert User.objects.get(username="ez_mafangtang").has_role("child_director")
    assert User.objects.get(username="ez_minzheng").jurisdiction_id == "430281000000"
    before = (Child.objects.count(), HotlineCall.objects.count())
    demo.load(io.StringIO())
    assert (Child.objects.count(), HotlineCall.objects.count()) == before


def test_load_demo_command_includes_the_registry(places) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("load_demo", "children", stdout=out)
    assert "children: ok" in out.getvalue()
    assert "volunteers: ok" not in out.getvalue()  # only what was asked for
