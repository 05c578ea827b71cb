"""Services: validation leaves nothing half-saved; transitions follow the workflow."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.directory.models import Provider, ServiceRequest, ServiceRequestNote
from cityplatform.directory.selectors import (
    next_statuses,
    overdue_requests_for_provider,
    provider_list,
    requests_for_staff,
)
from cityplatform.directory.services import (
    provider_update,
    service_request_add_note,
    service_request_transition,
)
from cityplatform.directory.tests.conftest import submit

pytestmark = pytest.mark.django_db


def _valid_credit_code() -> str:
    from stdnum.cn import uscc

    # Any 17 characters plus the computed check character.
    base = "91430211MA4L16LJ0"
    return base + uscc.calc_check_digit(base)


# --- providers ---------------------------------------------------------------


def test_provider_hotlines_are_normalised(make_provider) -> None:  # type: ignore[no-untyped-def]
    provider = make_provider("甲", hotlines="0731 22616110、 28686988\n96599")
    assert provider.hotlines == ["0731-22616110", "28686988", "96599"]


@pytest.mark.parametrize("hotlines", [["12"], ["0731-22616110", "abc"], "110"])
def test_provider_bad_hotline_is_refused(make_provider, hotlines) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_provider("甲", hotlines=hotlines)
    assert "hotlines" in info.value.message_dict
    assert not Provider.objects.filter(name="甲").exists()


def test_provider_bad_credit_code_is_refused(make_provider) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_provider("甲", credit_code="91430211MA4L16LJ0X")
    assert set(info.value.message_dict) == {"credit_code"}
    assert not Provider.objects.exists()


def test_provider_errors_are_reported_together(make_provider) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make_provider("", credit_code="nonsense", hotlines=["1"], main_business="")
    assert {"name", "credit_code", "hotlines", "main_business"} <= set(info.value.message_dict)


def test_credit_code_is_unique_when_given(make_provider) -> None:  # type: ignore[no-untyped-def]
    code = _valid_credit_code()
    first = make_provider("甲", credit_code=code.lower())
    assert first.credit_code == code
    make_provider("乙")  # blank codes do not clash
    make_provider("丙")
    with pytest.raises(ValidationError) as info:
        make_provider("丁", credit_code=code)
    assert "credit_code" in info.value.message_dict or "__all__" in info.value.message_dict


def test_provider_name_is_unique(make_provider) -> None:  # type: ignore[no-untyped-def]
    make_provider("甲")
    with pytest.raises(ValidationError) as info:
        make_provider("甲")
    assert "name" in info.value.message_dict


def test_provider_update_validates_before_saving(make_provider) -> None:  # type: ignore[no-untyped-def]
    provider = make_provider("甲")
    with pytest.raises(ValidationError):
        provider_update(provider=provider, hotlines=["bad"], slogan="新口号")
    provider.refresh_from_db()
    assert provider.slogan == ""
    provider_update(provider=provider, hotlines=["28686988"], response_hours=48)
    provider.refresh_from_db()
    assert provider.hotlines == ["28686988"]
    assert provider.response_hours == 48
    with pytest.raises(TypeError):
        provider_update(provider=provider, is_deleted=True)


# --- service requests ---------------------------------------------------------


def test_submit_sets_due_time_from_response_hours(make_provider) -> None:  # type: ignore[no-untyped-def]
    provider = make_provider("甲", response_hours=4)
    obj = submit(provider, phone="138 1234 5678")
    assert obj.phone == "13812345678"
    assert obj.status == ServiceRequest.Status.NEW
    assert obj.due_at - obj.created_at == timedelta(hours=4)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "96599"}, "phone"),  # service numbers are not a person's phone
        ({"name": "  "}, "name"),
        ({"address": ""}, "address"),
        ({"need": ""}, "need"),
        ({"need": "虫" * 2001}, "need"),
    ],
)
def test_submit_refuses_bad_input_and_saves_nothing(make_provider, overrides, field) -> None:  # type: ignore[no-untyped-def]
    provider = make_provider("甲")
    with pytest.raises(ValidationError) as info:
        submit(provider, **overrides)
    assert field in info.value.message_dict
    assert not ServiceRequest.objects.exists()


def test_submit_to_unpublished_provider_is_not_found(make_provider) -> None:  # type: ignore[no-untyped-def]
    provider = make_provider("甲", is_published=False)
    with pytest.raises(DomainError) as info:
        submit(provider)
    assert info.value.status == 404
    assert not ServiceRequest.objects.exists()


# --- transitions --------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [["contacted"], ["contacted", "done"], ["done"]], ids=lambda p: "-".join(p)
)
def test_allowed_transitions(world, path) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi)
    for to_status in path:
        service_request_transition(
            request_obj=obj, actor=world.baiyi_staff, to_status=to_status, note="电话已联系"
        )
    obj.refresh_from_db()
    assert obj.status == path[-1]
    assert obj.contacted_at is not None
    assert (obj.done_at is not None) == (path[-1] == "done")
    notes = list(ServiceRequestNote.objects.filter(request=obj))
    assert [(n.from_status, n.to_status) for n in notes] == list(
        zip(["new", *path[:-1]], path, strict=True)
    )
    assert AuditEntry.objects.filter(
        action="update", object_type="directory.servicerequest", object_id=str(obj.pk)
    ).count() == len(path)


@pytest.mark.parametrize(
    ("start", "to_status"),
    [
        ([], "new"),
        (["contacted"], "contacted"),
        (["contacted"], "new"),
        (["done"], "contacted"),
        (["done"], "done"),
        ([], "archived"),
    ],
)
def test_disallowed_transitions_are_409(world, start, to_status) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi)
    for step in start:
        service_request_transition(request_obj=obj, actor=world.baiyi_staff, to_status=step)
    before = ServiceRequestNote.objects.count()
    with pytest.raises(DomainError) as info:
        service_request_transition(request_obj=obj, actor=world.baiyi_staff, to_status=to_status)
    assert info.value.code == "invalid_transition"
    assert info.value.status == 409
    assert ServiceRequestNote.objects.count() == before


def test_stale_object_cannot_transition_twice(world) -> None:  # type: ignore[no-untyped-def]
    # Two staff opened the same new request; the first marks it done.
    first = submit(world.baiyi)
    second = ServiceRequest.objects.get(pk=first.pk)
    service_request_transition(request_obj=first, actor=world.baiyi_staff, to_status="done")
    # The second still holds status "new" in memory; the locked row decides.
    with pytest.raises(DomainError):
        service_request_transition(request_obj=second, actor=world.baiyi_staff, to_status="done")


def test_non_staff_may_not_transition_or_note(world) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi)
    for actor in (world.cehui_staff, world.stranger):
        with pytest.raises(PermissionDenied):
            service_request_transition(request_obj=obj, actor=actor, to_status="contacted")
        with pytest.raises(PermissionDenied):
            service_request_add_note(request_obj=obj, actor=actor, text="看看")
    obj.refresh_from_db()
    assert obj.status == "new"
    assert not ServiceRequestNote.objects.exists()


def test_notes_are_appended_and_required(world) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi)
    note = service_request_add_note(request_obj=obj, actor=world.baiyi_staff, text=" 客户不在家 ")
    assert note.text == "客户不在家"
    assert not note.is_transition
    with pytest.raises(ValidationError):
        service_request_add_note(request_obj=obj, actor=world.baiyi_staff, text="  ")
    with pytest.raises(ValueError, match="append-only"):
        note.save()


# --- overdue ------------------------------------------------------------------


def _age(obj: ServiceRequest, *, hours: int) -> None:
    created = timezone.now() - timedelta(hours=hours)
    ServiceRequest.objects.filter(pk=obj.pk).update(
        created_at=created, due_at=created + timedelta(hours=obj.provider.response_hours)
    )


def test_overdue_is_new_and_past_due(world) -> None:  # type: ignore[no-untyped-def]
    submit(world.baiyi, name="新")
    late = submit(world.baiyi, name="晚")
    late_but_contacted = submit(world.baiyi, name="已联系")
    other = submit(world.cehui, name="别家")
    for obj in (late, late_but_contacted, other):
        _age(obj, hours=25)
    service_request_transition(
        request_obj=late_but_contacted, actor=world.baiyi_staff, to_status="contacted"
    )
    assert list(overdue_requests_for_provider(world.baiyi)) == [late]
    flags = {r.name: r.is_overdue for r in requests_for_staff(user=world.baiyi_staff)}
    assert flags == {"新": False, "晚": True, "已联系": False}
    assert [r.name for r in requests_for_staff(user=world.baiyi_staff, status="contacted")] == [
        "已联系"
    ]


def test_requests_for_staff_is_newest_first_and_scoped(world) -> None:  # type: ignore[no-untyped-def]
    older = submit(world.baiyi, name="先")
    _age(older, hours=2)
    submit(world.baiyi, name="后")
    submit(world.cehui, name="别家")
    assert [r.name for r in requests_for_staff(user=world.baiyi_staff)] == ["后", "先"]
    assert not requests_for_staff(user=world.stranger).exists()


def test_next_statuses(world) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi)
    assert next_statuses(obj) == ["contacted", "done"]
    service_request_transition(request_obj=obj, actor=world.baiyi_staff, to_status="contacted")
    assert next_statuses(obj) == ["done"]
    service_request_transition(request_obj=obj, actor=world.baiyi_staff, to_status="done")
    assert next_statuses(obj) == []


# --- provider search ----------------------------------------------------------


def test_provider_list_search_and_published_only(world, make_provider) -> None:  # type: ignore[no-untyped-def]
    make_provider("隐藏白蚁公司", is_published=False)
    assert [p.name for p in provider_list(q="白蚁")] == ["株洲市白蚁防治有限公司"]
    assert [p.name for p in provider_list(q="虫害")] == ["株洲市白蚁防治有限公司"]  # slogan
    assert [p.name for p in provider_list(q="测绘")] == ["株洲市房地产测绘队"]
    assert provider_list(q="害虫防治").count() == 2  # category name
    assert provider_list(q="白蚁 测绘").count() == 0  # every word must match
    assert provider_list(category=world.baiyi.category).count() == 2


def test_nul_characters_are_dropped(world) -> None:  # type: ignore[no-untyped-def]
    obj = submit(world.baiyi, name="王\x00女士", need="白蚁\x00")
    assert (obj.name, obj.need) == ("王女士", "白蚁")
    assert provider_list(q="白\x00蚁").count() == 1
