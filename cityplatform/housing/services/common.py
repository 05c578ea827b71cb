"""What every housing service shares: who may act, value checks, locking, history."""

from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.housing.models import (
    ALLOWED_TRANSITIONS,
    MAX_AREA_M2,
    MAX_PRICE_YUAN,
    MAX_ROOMS,
    Listing,
    ListingEvent,
    ListingStatus,
)
from cityplatform.housing.permissions import is_housing_staff

NOTE_MAX_LENGTH = 2000
CENT = Decimal("0.01")

Errors = dict[str, list[Any]]


def require_staff(actor: Any, place_code: str | None) -> None:
    """`actor` None is the platform itself (imports, jobs, the demo) and may do anything;
    a user must hold a housing role and have the place inside their jurisdiction."""
    if actor is None:
        return
    if not is_housing_staff(actor) or not place_visible_to(actor, place_code):
        raise PermissionDenied(_("Only housing staff of this district may do this."))


def add_error(errors: Errors, field: str, message: Any, code: str, **params: Any) -> None:
    errors.setdefault(field, []).append(ValidationError(message, code=code, params=params or None))


def clean_area(errors: Errors, field: str, value: Any, *, required: bool) -> Decimal | None:
    """m² with two decimals, above 0 and at most 10,000; floats and text are accepted."""
    if value is None or value == "":
        if required:
            add_error(errors, field, _("Give the floor area in m²."), "required")
        return None
    try:
        area = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        add_error(errors, field, _("Give the area as a number of m²."), "invalid")
        return None
    if not area.is_finite() or not Decimal(0) < area <= MAX_AREA_M2:
        add_error(
            errors,
            field,
            _("An area must be above 0 and at most %(max)s m²."),
            "out_of_range",
            max=f"{MAX_AREA_M2:,}",
        )
        return None
    return area


def clean_price(errors: Errors, field: str, value: Any) -> int | None:
    """Whole yuan, above 0 and at most 1,000,000,000; None is 面议 (price on request)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        add_error(errors, field, _("Give the price in whole yuan."), "invalid")
        return None
    try:
        price = Decimal(str(value))
    except InvalidOperation:
        add_error(errors, field, _("Give the price in whole yuan."), "invalid")
        return None
    if not price.is_finite() or price != price.to_integral_value():
        add_error(errors, field, _("Give the price in whole yuan."), "invalid")
        return None
    if not 0 < price <= MAX_PRICE_YUAN:
        add_error(
            errors,
            field,
            _("A price must be above 0 and at most %(max)s yuan."),
            "out_of_range",
            max=f"{MAX_PRICE_YUAN:,}",
        )
        return None
    return int(price)


def clean_count(
    errors: Errors, field: str, value: Any, *, low: int = 0, high: int = MAX_ROOMS
) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        add_error(errors, field, _("Give a whole number."), "invalid")
        return None
    if not low <= value <= high:
        add_error(
            errors,
            field,
            _("Give a number from %(low)d to %(high)d."),
            "out_of_range",
            low=low,
            high=high,
        )
        return None
    return value


def clean_note(errors: Errors, note: str | None) -> str:
    text = clean_text(note)
    if len(text) > NOTE_MAX_LENGTH:
        add_error(
            errors,
            "note",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=NOTE_MAX_LENGTH,
        )
    return text


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def unit_price(price_yuan: int | None, area_m2: Decimal | None) -> int | None:
    if price_yuan is None or not area_m2:
        return None
    return int((Decimal(price_yuan) / area_m2).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def within_percent(value: int, reference: int, percent: int) -> bool:
    """|value - reference| <= percent % of reference, in exact integer arithmetic."""
    return abs(value - reference) * 100 <= percent * reference


def lock(listing: Listing) -> Listing:
    """The listing's row, locked until the transaction ends: two staff acting at once
    are serialised, and the second decides on the first's result."""
    return Listing.objects.select_for_update(of=("self",)).get(pk=listing.pk)


def copy_back(target: Listing, source: Listing) -> None:
    """Bring the caller's instance in line with the row the service wrote."""
    for field in Listing._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def check_transition(
    listing: Listing, to_status: str, from_statuses: Collection[str] | None = None
) -> None:
    """409 unless the move is in ALLOWED_TRANSITIONS (and starts from one of
    `from_statuses`, for a service that makes only some of the moves to `to_status`)."""
    allowed = to_status in ALLOWED_TRANSITIONS[listing.status]
    if not allowed or (from_statuses is not None and listing.status not in from_statuses):
        raise DomainError(
            "invalid_transition",
            str(
                _("A listing that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": ListingStatus(listing.status).label,
                    "to": ListingStatus(to_status).label,
                }
            ),
            status=409,
            current_status=listing.status,
        )


def event_record(
    *,
    listing: Listing,
    actor: Any,
    from_status: str,
    old_price_yuan: int | None,
    note: str = "",
    action: str = Action.UPDATE,
) -> ListingEvent:
    """Append the listing's history row and the audit entry, in the caller's transaction."""
    event = ListingEvent.objects.create(
        listing=listing,
        actor=actor,
        from_status=from_status,
        to_status=listing.status,
        old_price_yuan=old_price_yuan,
        new_price_yuan=listing.price_yuan,
        note=note,
    )
    audit_record(
        action=action,
        actor=actor,
        obj=listing,
        detail={"from_status": from_status, "to_status": listing.status},
    )
    return event
