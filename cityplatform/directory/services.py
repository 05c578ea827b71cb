"""Writes for life services: providers, their staff, and service requests.

Every function validates all of its input before it writes, inside one
transaction, so a rejected call leaves nothing behind.
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.models import User
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text, normalize_credit_code, normalize_phone
from cityplatform.directory.models import (
    ALLOWED_TRANSITIONS,
    Provider,
    ProviderStaff,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestNote,
)
from cityplatform.places.models import Place

Status = ServiceRequest.Status

NEED_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 2000
MAX_HOTLINES = 5

# Fields provider_update may change.
PROVIDER_FIELDS = (
    "name",
    "category",
    "main_business",
    "address",
    "place",
    "hotlines",
    "ownership",
    "highlights",
    "slogan",
    "credit_code",
    "description",
    "is_published",
    "response_hours",
)


def hotlines_normalize(value: str | Iterable[str]) -> list[str]:
    """Canonical hotlines from a list or from text separated by commas, 、 or new lines.

    Raises ValidationError naming the first number that is not valid.
    """
    if isinstance(value, str):
        for sep in ("，", "、", ";", "；", "\n"):
            value = value.replace(sep, ",")
        items: Iterable[Any] = value.split(",")
    else:
        items = value
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValidationError(_("Each hotline must be text."), code="invalid_phone")
        if not item.strip():
            continue
        try:
            number = normalize_phone(item, allow_service_numbers=True)
        except ValidationError as exc:
            raise ValidationError(
                _("“%(number)s” is not a valid hotline: %(reason)s"),
                code="invalid_phone",
                params={"number": item.strip(), "reason": exc.messages[0]},
            ) from exc
        if number not in result:
            result.append(number)
    if len(result) > MAX_HOTLINES:
        raise ValidationError(
            _("Give at most %(max)d hotlines."), code="too_many", params={"max": MAX_HOTLINES}
        )
    return result


def _provider_validate(provider: Provider) -> None:
    """Normalise hotlines and credit code in place and check every field; all errors at once."""
    errors: dict[str, list[Any]] = {}
    try:
        provider.hotlines = hotlines_normalize(provider.hotlines or [])
    except ValidationError as exc:
        errors["hotlines"] = exc.error_list
    provider.credit_code = clean_text(provider.credit_code)
    if provider.credit_code:
        try:
            provider.credit_code = normalize_credit_code(provider.credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.error_list
    for field in ("name", "main_business", "address", "highlights", "slogan", "description"):
        setattr(provider, field, clean_text(getattr(provider, field)))
    try:
        # Also checks name uniqueness and the credit-code constraint.
        provider.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def provider_create(
    *,
    name: str,
    category: ServiceCategory,
    main_business: str,
    address: str,
    place: Place,
    hotlines: str | Iterable[str] = (),
    ownership: str = Provider.Ownership.OTHER,
    highlights: str = "",
    slogan: str = "",
    credit_code: str = "",
    description: str = "",
    is_published: bool = False,
    response_hours: int = 24,
) -> Provider:
    provider = Provider(
        name=name,
        category=category,
        main_business=main_business,
        address=address,
        place=place,
        hotlines=hotlines if isinstance(hotlines, str) else list(hotlines),
        ownership=ownership,
        highlights=highlights,
        slogan=slogan,
        credit_code=credit_code,
        description=description,
        is_published=is_published,
        response_hours=response_hours,
    )
    _provider_validate(provider)
    with transaction.atomic():
        provider.save()
    return provider


def provider_update(*, provider: Provider, **changes: Any) -> Provider:
    """Change any of PROVIDER_FIELDS; on a ValidationError the row is left as it was."""
    unknown = set(changes) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"provider_update got unknown fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(provider, field, value)
    _provider_validate(provider)
    with transaction.atomic():
        provider.save()
    return provider


def provider_staff_add(*, provider: Provider, user: User) -> ProviderStaff:
    with transaction.atomic():
        membership, _created = ProviderStaff.objects.get_or_create(provider=provider, user=user)
    return membership


def _required_text(
    errors: dict[str, list[Any]], field: str, value: str | None, max_length: int
) -> str:
    text = clean_text(value)
    if not text:
        errors[field] = [ValidationError(_("This field is required."), code="required")]
    elif len(text) > max_length:
        errors[field] = [
            ValidationError(
                _("Enter at most %(max)d characters."),
                code="max_length",
                params={"max": max_length},
            )
        ]
    return text


def service_request_submit(
    *, provider: Provider, name: str, phone: str, address: str, need: str
) -> ServiceRequest:
    """A resident asks a published provider for a service."""
    if not provider.is_published:
        raise DomainError(
            "provider_unavailable", str(_("This provider does not take requests.")), status=404
        )
    errors: dict[str, list[Any]] = {}
    name = _required_text(errors, "name", name, 64)
    phone = _required_text(errors, "phone", phone, 32)
    address = _required_text(errors, "address", address, 200)
    need = _required_text(errors, "need", need, NEED_MAX_LENGTH)
    if "phone" not in errors:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.error_list
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    with transaction.atomic():
        return ServiceRequest.objects.create(
            provider=provider,
            name=name,
            phone=phone,
            address=address,
            need=need,
            status=Status.NEW,
            created_at=now,
            due_at=now + timedelta(hours=provider.response_hours),
        )


def _require_staff(*, actor: Any, provider_id: int) -> None:
    if (
        actor is None
        or not getattr(actor, "is_authenticated", False)
        or not actor.is_active
        or not ProviderStaff.objects.filter(user=actor, provider_id=provider_id).exists()
    ):
        raise PermissionDenied(_("Only the provider's staff may work on its requests."))


def _note_text(note: str | None, *, required: bool) -> str:
    text = clean_text(note)
    if required and not text:
        raise ValidationError({"text": [_("Write a note first.")]})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": [_("Enter at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}]}
        )
    return text


def service_request_transition(
    *, request_obj: ServiceRequest, actor: User, to_status: str, note: str = ""
) -> ServiceRequest:
    """Move a request new→contacted, contacted→done or new→done, with an optional note.

    Returns the updated request; `request_obj` is updated in place as well.
    """
    _require_staff(actor=actor, provider_id=request_obj.provider_id)
    text = _note_text(note, required=False)
    with transaction.atomic():
        # Lock the row and decide on its current status: two staff clicking at
        # once are serialised here, and the second sees the first's change (409)
        # instead of both writing a transition from the same old status.
        locked = ServiceRequest.objects.select_for_update().get(pk=request_obj.pk)
        from_status = locked.status
        if (from_status, to_status) not in ALLOWED_TRANSITIONS:
            raise DomainError(
                "invalid_transition",
                _("A request that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": Status(from_status).label,
                    "to": Status(to_status).label if to_status in Status.values else to_status,
                },
                status=409,
                current_status=from_status,
            )
        now = timezone.now()
        locked.status = to_status
        if to_status in (Status.CONTACTED, Status.DONE) and locked.contacted_at is None:
            locked.contacted_at = now
        if to_status == Status.DONE:
            locked.done_at = now
        locked.save(update_fields=["status", "contacted_at", "done_at"])
        ServiceRequestNote.objects.create(
            request=locked, author=actor, text=text, from_status=from_status, to_status=to_status
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            place_code=locked.provider.place_id,
            detail={"from_status": from_status, "to_status": to_status},
        )
    for field in ("status", "contacted_at", "done_at"):
        setattr(request_obj, field, getattr(locked, field))
    return locked


def service_request_add_note(
    *, request_obj: ServiceRequest, actor: User, text: str
) -> ServiceRequestNote:
    _require_staff(actor=actor, provider_id=request_obj.provider_id)
    clean = _note_text(text, required=True)
    with transaction.atomic():
        return ServiceRequestNote.objects.create(request=request_obj, author=actor, text=clean)
