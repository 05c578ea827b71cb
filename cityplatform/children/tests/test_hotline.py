"""The hotline: logging and routing, first response, escalation by the background task."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from cityplatform.children.models import HotlineCall, HotlineCallEvent
from cityplatform.children.selectors import hotline_calls_for, open_hotline_calls
from cityplatform.children.services import (
    hotline_call_log,
    hotline_call_respond,
    hotline_calls_escalate_overdue,
)
from cityplatform.children.tests.conftest import HUABU
from cityplatform.core.errors import DomainError
from cityplatform.places.models import Place
from conftest import LAILONGMEN, LITIAN

pytestmark = pytest.mark.django_db


def log(actor, **kwargs):  # type: ignore[no-untyped-def]
    values = {"concern": "邻居反映孩子独自在家", "urgency": "high"}
    values.update(kwargs)
    return hotline_call_log(actor=actor, **values)


def test_a_call_about_a_known_child_goes_to_their_village_and_town(world) -> None:  # type: ignore[no-untyped-def]
    call = log(world.bureau, child=world.huanhuan, caller_phone="13512345678", caller_name="张先生")
    assert call.place_id == HUABU
    assert call.town_code == LITIAN
    assert call.due_at - call.received_at == datetime.timedelta(hours=4)
    assert call in hotline_calls_for(world.huabu_director)
    assert call in hotline_calls_for(world.litian_supervisor)
    assert call not in hotline_calls_for(world.mft_director)
    assert call not in hotline_calls_for(world.llm_supervisor)
    assert world.huanhuan.events.filter(kind="hotline_call", record_id=call.pk).exists()
    with pytest.raises(PermissionDenied):
        hotline_calls_for(world.auditor)


def test_a_call_with_only_a_town(world) -> None:  # type: ignore[no-untyped-def]
    call = log(world.llm_supervisor, place=Place.objects.get(code=LAILONGMEN), urgency="urgent")
    assert call.due_at - call.received_at == datetime.timedelta(hours=1)
    assert call in hotline_calls_for(world.llm_supervisor)
    assert call not in hotline_calls_for(world.mft_director)


def test_bad_calls(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        log(world.bureau, concern="", urgency="whenever", caller_phone="5")
    assert {"concern", "urgency", "caller_phone", "place"} <= set(info.value.error_dict)
    with pytest.raises(ValidationError) as info:
        log(world.bureau, child=world.huanhuan, place=Place.objects.get(code=LAILONGMEN))
    assert "place" in info.value.error_dict
    with pytest.raises(PermissionDenied):
        log(world.mft_director, place=Place.objects.get(code=HUABU))
    with pytest.raises(Http404):
        log(world.mft_director, child=world.huanhuan)
    assert not HotlineCall.objects.exists()


def test_first_response_is_tracked_once(world) -> None:  # type: ignore[no-untyped-def]
    call = log(world.bureau, child=world.huanhuan)
    responded = hotline_call_respond(actor=world.huabu_director, call=call, note="已上门查看")
    assert responded.responded_by == world.huabu_director
    assert responded.response_time is not None
    assert responded.response_time >= datetime.timedelta(0)
    with pytest.raises(DomainError) as info:
        hotline_call_respond(actor=world.litian_supervisor, call=call, note="again")
    assert info.value.status == 409
    with pytest.raises(Http404):
        hotline_call_respond(actor=world.mft_director, call=call, note="not mine")


def test_overdue_calls_escalate_to_the_town_then_the_county(world) -> None:  # type: ignore[no-untyped-def]
    received = timezone.now() - datetime.timedelta(hours=5)
    call = log(world.bureau, child=world.huanhuan, received_at=received)  # high: due after 4 h
    answered = log(world.bureau, child=world.huanhuan, received_at=received)
    hotline_call_respond(actor=world.huabu_director, call=answered, note="ok")

    assert hotline_calls_escalate_overdue() == 1
    call.refresh_from_db()
    assert call.escalation == 1
    assert hotline_calls_escalate_overdue() == 0  # nothing new

    later = timezone.now() + datetime.timedelta(hours=4)
    assert hotline_calls_escalate_overdue(now=later) == 1
    call.refresh_from_db()
    assert call.escalation == 2
    assert list(
        HotlineCallEvent.objects.filter(call=call, kind="escalated").values_list(
            "escalation", flat=True
        )
    ) == [1, 2]
    assert list(open_hotline_calls(Place.objects.get(code=LITIAN).prefix)) == [call]


def test_escalation_command_and_task(world) -> None:  # type: ignore[no-untyped-def]
    log(
        world.bureau,
        child=world.huanhuan,
        received_at=timezone.now() - datetime.timedelta(hours=30),
        urgency="normal",
    )
    out = io.StringIO()
    call_command("escalate_hotline_calls", stdout=out)
    assert "1 hotline calls escalated." in out.getvalue()
    out = io.StringIO()
    call_command("escalate_hotline_calls", "--enqueue", stdout=out)
    assert "Queued task" in out.getvalue()
