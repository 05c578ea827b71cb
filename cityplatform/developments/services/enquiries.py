"""Writes for enquiries: the public submits one; enquiry handlers of the development's
district mark it contacted or closed and add notes (EnquiryEvent, append-only)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import normalize_phone
from cityplatform.developments.models import (
    ENQUIRY_TRANSITIONS,
    ContactTime,
    Development,
    Enquiry,
    EnquiryEvent,
    EnquiryStatus,
    UnitType,
)
from cityplatform.developments.permissions import require_handler
from cityplatform.developments.services.common import (
    Errors,
    add_error,
    note_text,
    raise_if,
    refuse_transition,
    text_field,
)

NAME_MAX_LENGTH = 64
MESSAGE_MAX_LENGTH = 1000


def enquiry_submit(
    *,
    development: Development,
    name: str,
    phone: str,
    contact_time: str = ContactTime.ANY,
    message: str = "",
    unit_type: UnitType | int | None = None,
) -> Enquiry:
    """A buyer asks about a development being promoted; staff will call them back."""
    if not development.is_promoted_on():
        raise DomainError(
            "development_unavailable",
            gettext("This development is not taking enquiries."),
            status=404,
        )
    errors: Errors = {}
    name = text_field(errors, "name", name, max_length=NAME_MAX_LENGTH)
    phone = text_field(errors, "phone", phone, max_length=32)
    message = text_field(errors, "message", message, max_length=MESSAGE_MAX_LENGTH, required=False)
    if "phone" not in errors:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.error_list
    if contact_time not in ContactTime.values:
        add_error(errors, "contact_time", _("Choose a contact time from the list."), "invalid")
    chosen: UnitType | None = None
    if unit_type is not None:
        unit_type_id = unit_type.pk if isinstance(unit_type, UnitType) else unit_type
        chosen = UnitType.objects.filter(development=development, pk=unit_type_id).first()
        if chosen is None:
            add_error(errors, "unit_type", _("Choose a unit type of this development."), "invalid")
    raise_if(errors)
    with transaction.atomic():
        return Enquiry.objects.create(
            development=development,
            unit_type=chosen,
            name=name,
            phone=phone,
            contact_time=contact_time,
            message=message,
            status=EnquiryStatus.NEW,
        )


def enquiry_transition(*, enquiry: Enquiry, actor: Any, to_status: str, note: str = "") -> Enquiry:
    """new → contacted, new → closed or contacted → closed, with an optional note.

    `enquiry` is brought up to date in place as well.
    """
    errors: Errors = {}
    text = note_text(errors, note)
    raise_if(errors)
    require_handler(actor, enquiry.development.place_id)
    with transaction.atomic():
        # Two handlers clicking at once are serialised on the row; the second sees
        # the first's change and gets a 409, not a duplicate transition.
        locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        from_status = locked.status
        if (from_status, to_status) not in ENQUIRY_TRANSITIONS:
            labels = dict(EnquiryStatus.choices)
            raise refuse_transition(
                gettext("An enquiry that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": labels.get(from_status, from_status),
                    "to": labels.get(to_status, to_status),
                },
                current=from_status,
            )
        now = timezone.now()
        locked.status = to_status
        if locked.contacted_at is None and to_status == EnquiryStatus.CONTACTED:
            locked.contacted_at = now
        if to_status == EnquiryStatus.CLOSED:
            locked.closed_at = now
        locked.save(update_fields=["status", "contacted_at", "closed_at"])
        EnquiryEvent.objects.create(
            enquiry=locked, actor=actor, from_status=from_status, to_status=to_status, note=text
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"from_status": from_status, "to_status": to_status},
        )
    for field in ("status", "contacted_at", "closed_at"):
        setattr(enquiry, field, getattr(locked, field))
    return locked


def enquiry_add_note(*, enquiry: Enquiry, actor: Any, note: str) -> EnquiryEvent:
    errors: Errors = {}
    text = note_text(errors, note, required=True)
    raise_if(errors)
    require_handler(actor, enquiry.development.place_id)
    with transaction.atomic():
        return EnquiryEvent.objects.create(enquiry=enquiry, actor=actor, note=text)
