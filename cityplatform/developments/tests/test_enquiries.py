"""The public's enquiries and how handlers work them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.audit.models import AuditEntry
from cityplatform.core.errors import DomainError
from cityplatform.developments.models import Enquiry, EnquiryEvent
from cityplatform.developments.services import (
    development_update,
    enquiry_add_note,
    enquiry_transition,
)
from cityplatform.developments.tests.conftest import enquire

pytestmark = pytest.mark.django_db


def test_submit_stores_a_normalised_enquiry(world) -> None:  # type: ignore[no-untyped-def]
    unit_type = world.cuiwan.unit_types.get(name="三室两厅")
    enquiry = enquire(
        world.cuiwan,
        name="  王女士 ",
        phone="+86 138-1234-5678",
        unit_type=unit_type.pk,
        message="想看样板间",
    )
    assert (enquiry.name, enquiry.phone, enquiry.status) == ("王女士", "13812345678", "new")
    assert enquiry.unit_type == unit_type
    assert enquiry.contact_time == "evening"


@pytest.mark.parametrize("phone", ["12345", "1381234567", "abcdefghijk", "", "110"])
def test_bad_phones_are_refused_and_nothing_is_stored(world, phone) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        enquire(world.cuiwan, phone=phone)
    assert "phone" in caught.value.message_dict
    assert not Enquiry.objects.exists()


def test_other_bad_input(world) -> None:  # type: ignore[no-untyped-def]
    other_development_unit = world.cidu.unit_types.first()
    with pytest.raises(ValidationError) as caught:
        enquire(
            world.cuiwan,
            name="",
            contact_time="midnight",
            message="x" * 1001,
            unit_type=other_development_unit,
        )
    assert caught.value.message_dict == {
        "name": ["这个字段是必填项。"],
        "contact_time": ["请从列表中选择联系时间。"],
        "message": ["最多输入1000个字符。"],
        "unit_type": ["请选择本楼盘的户型。"],
    }
    assert not Enquiry.objects.exists()


def test_only_developments_being_promoted_take_enquiries(world) -> None:  # type: ignore[no-untyped-def]
    development = world.cuiwan
    development_update(development=development, actor=None, is_published=False)
    with pytest.raises(DomainError) as caught:
        enquire(development)
    assert caught.value.status == 404
    development_update(
        development=development,
        actor=None,
        is_published=True,
        promotion_ends_on=development.promotion_starts_on + timedelta(days=1),
    )
    with pytest.raises(DomainError):
        enquire(development)


def test_handler_workflow_with_notes_and_history(world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    enquiry_transition(enquiry=enquiry, actor=world.handler, to_status="contacted", note="已回电")
    assert enquiry.status == "contacted"
    assert enquiry.contacted_at is not None
    enquiry_add_note(enquiry=enquiry, actor=world.handler, note="周六看房")
    with pytest.raises(DomainError) as caught:
        enquiry_transition(enquiry=enquiry, actor=world.handler, to_status="contacted")
    assert caught.value.status == 409
    assert caught.value.message == "“已联系”的咨询不能变为“已联系”。"
    enquiry_transition(enquiry=enquiry, actor=world.handler, to_status="closed")
    enquiry.refresh_from_db()
    assert enquiry.closed_at is not None
    history = list(
        EnquiryEvent.objects.filter(enquiry=enquiry).values_list("from_status", "to_status", "note")
    )
    assert history == [
        ("new", "contacted", "已回电"),
        ("", "", "周六看房"),
        ("contacted", "closed", ""),
    ]
    entries = AuditEntry.objects.filter(
        object_type="developments.enquiry", object_id=str(enquiry.pk)
    )
    assert entries.count() == 2
    assert all("138" not in str(e.detail) for e in entries)


def test_new_enquiry_may_be_closed_directly_but_not_reopened(world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    enquiry_transition(enquiry=enquiry, actor=world.handler, to_status="closed", note="重复咨询")
    for to_status in ("new", "contacted", "closed", "bogus"):
        with pytest.raises(DomainError):
            enquiry_transition(enquiry=enquiry, actor=world.handler, to_status=to_status)


def test_handlers_act_inside_their_jurisdiction_only(world) -> None:  # type: ignore[no-untyped-def]
    tianyuan = enquire(world.cuiwan)
    for actor in (world.liling_handler, world.editor, world.stranger):
        with pytest.raises(PermissionDenied):
            enquiry_transition(enquiry=tianyuan, actor=actor, to_status="contacted")
        with pytest.raises(PermissionDenied):
            enquiry_add_note(enquiry=tianyuan, actor=actor, note="x")
    enquiry_transition(
        enquiry=enquire(world.cidu), actor=world.liling_handler, to_status="contacted"
    )


def test_notes_are_required_and_bounded(world) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquire(world.cuiwan)
    with pytest.raises(ValidationError):
        enquiry_add_note(enquiry=enquiry, actor=world.handler, note="  ")
    with pytest.raises(ValidationError):
        enquiry_transition(
            enquiry=enquiry, actor=world.handler, to_status="contacted", note="x" * 2001
        )
    enquiry.refresh_from_db()
    assert enquiry.status == "new"
    assert not EnquiryEvent.objects.exists()
