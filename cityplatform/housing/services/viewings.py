"""Viewing appointments (看房预约): booking and recording what happened.

No double-booking. viewing_book locks the listing's row, so two bookings of one home
are serialised and the second sees the first; it then looks for an active viewing of
the same staff member or the same listing overlapping the new one. Two bookings of
one staff member for two different homes lock different rows: on PostgreSQL the
exclusion constraints of migration 0004 refuse the second (it waits for the first to
commit, then fails, and we answer 409 like the check does); on SQLite every write
transaction holds the database's write lock from its start, so the check alone holds.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text, normalize_phone
from cityplatform.housing import clock
from cityplatform.housing.models import (
    ACTIVE_VIEWING_STATUSES,
    Listing,
    ListingStatus,
    Viewing,
    ViewingStatus,
)
from cityplatform.housing.models.viewings import (
    LISTING_OVERLAP_CONSTRAINT,
    STAFF_OVERLAP_CONSTRAINT,
)
from cityplatform.housing.permissions import is_housing_staff
from cityplatform.housing.services.common import Errors, add_error, lock, raise_if, require_staff

# Viewings happen in daylight and early evening, local time: start no earlier than
# 08:00, end no later than 21:00.
DAY_OPENS = time(8, 0)
DAY_CLOSES = time(21, 0)
MIN_DURATION_MINUTES = 15
MAX_DURATION_MINUTES = 180
DEFAULT_DURATION_MINUTES = 60
# Further ahead than this is not an appointment anyone keeps.
BOOKING_HORIZON = timedelta(days=90)
NAME_MAX_LENGTH = 64
NOTES_MAX_LENGTH = 2000
# What a scheduled viewing can become.
OUTCOMES = (ViewingStatus.DONE, ViewingStatus.CANCELLED, ViewingStatus.NO_SHOW)
# PostgreSQL's SQLSTATE for deadlock_detected.
DEADLOCK_DETECTED = "40P01"


def clean_buyer(errors: Errors, name: str, phone: str) -> tuple[str, str]:
    buyer_name = clean_text(name)
    if not buyer_name:
        add_error(errors, "buyer_name", _("Give the buyer's name."), "required")
    elif len(buyer_name) > NAME_MAX_LENGTH:
        add_error(
            errors,
            "buyer_name",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=NAME_MAX_LENGTH,
        )
    buyer_phone = clean_text(phone)
    if not buyer_phone:
        add_error(errors, "buyer_phone", _("Give the buyer's phone number."), "required")
    else:
        try:
            buyer_phone = normalize_phone(buyer_phone)
        except ValidationError as exc:
            errors.setdefault("buyer_phone", []).extend(exc.error_list)
    return buyer_name, buyer_phone


def _clean_time(
    errors: Errors, starts_at: Any, duration_minutes: Any, now: datetime
) -> tuple[datetime, datetime] | None:
    if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int):
        add_error(errors, "duration_minutes", _("Give the duration in whole minutes."), "invalid")
        return None
    if not MIN_DURATION_MINUTES <= duration_minutes <= MAX_DURATION_MINUTES:
        add_error(
            errors,
            "duration_minutes",
            _("A viewing lasts from %(low)d to %(high)d minutes."),
            "out_of_range",
            low=MIN_DURATION_MINUTES,
            high=MAX_DURATION_MINUTES,
        )
        return None
    if not isinstance(starts_at, datetime):
        add_error(errors, "starts_at", _("Give the date and time of the viewing."), "required")
        return None
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)  # a time typed in is local time
    if starts_at <= now:
        add_error(errors, "starts_at", _("A viewing cannot be booked in the past."), "past")
        return None
    if starts_at > now + BOOKING_HORIZON:
        add_error(
            errors,
            "starts_at",
            _("A viewing can be booked at most %(days)d days ahead."),
            "too_far",
            days=BOOKING_HORIZON.days,
        )
        return None
    # Only now, within the horizon: at the ends of the calendar (year 1 or 9999) the
    # arithmetic overflows.
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if (
        local_start.time() < DAY_OPENS
        or local_end.date() != local_start.date()
        or local_end.time() > DAY_CLOSES
    ):
        add_error(
            errors,
            "starts_at",
            _("Viewings take place between %(opens)s and %(closes)s."),
            "outside_hours",
            opens=DAY_OPENS.strftime("%H:%M"),
            closes=DAY_CLOSES.strftime("%H:%M"),
        )
    return starts_at, ends_at


def check_assignee(errors: Errors, staff: Any, listing: Listing) -> None:
    if not is_housing_staff(staff) or not place_visible_to(staff, listing.place_id):
        add_error(
            errors,
            "staff",
            _("The staff member must be housing staff of the listing's district."),
            "invalid",
        )


def _double_booked(message: str, **details: Any) -> DomainError:
    return DomainError("double_booked", message, status=409, **details)


def _refuse_overlap(
    *, listing: Listing, staff: Any, starts_at: datetime, ends_at: datetime
) -> None:
    clash = (
        Viewing.objects.filter(
            Q(staff=staff) | Q(listing=listing),
            status__in=ACTIVE_VIEWING_STATUSES,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
            # No viewing is longer than this: the index on the start time bounds the scan.
            starts_at__gt=starts_at - timedelta(minutes=MAX_DURATION_MINUTES),
        )
        .order_by("starts_at")
        .first()
    )
    if clash is None:
        return
    when = f"{timezone.localtime(clash.starts_at):%H:%M}–{timezone.localtime(clash.ends_at):%H:%M}"
    if clash.staff_id == staff.pk:
        message = gettext("%(staff)s already has a viewing at %(when)s.") % {
            "staff": staff,
            "when": when,
        }
    else:
        message = gettext("This home already has a viewing at %(when)s.") % {"when": when}
    raise _double_booked(message, clash=clash.pk)


def _constraint_of(exc: IntegrityError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return str(getattr(diag, "constraint_name", "") or "")


def viewing_book(
    *,
    listing: Listing,
    actor: Any,
    buyer_name: str,
    buyer_phone: str,
    starts_at: Any,
    duration_minutes: Any = DEFAULT_DURATION_MINUTES,
    staff: Any = None,
) -> Viewing:
    """Book a viewing of a published listing; `staff` defaults to the actor.

    Refused: bad input (422: name, phone, a time in the past, more than 90 days ahead,
    outside 08:00–21:00, a duration outside 15–180 minutes, a staff member who does not
    work the listing's district); a listing not on the market, or a staff member or
    home already booked then (409).
    """
    require_staff(actor, listing.place_id)
    staff = staff if staff is not None else actor
    errors: Errors = {}
    name, phone = clean_buyer(errors, buyer_name, buyer_phone)
    span = _clean_time(errors, starts_at, duration_minutes, clock.now())
    check_assignee(errors, staff, listing)
    raise_if(errors)
    assert span is not None
    start, end = span
    with transaction.atomic():
        locked = lock(listing)
        if locked.status != ListingStatus.PUBLISHED:
            raise DomainError(
                "listing_not_published",
                gettext("Only a published listing can be viewed; this one is “%(status)s”.")
                % {"status": ListingStatus(locked.status).label},
                status=409,
                current_status=locked.status,
            )
        _refuse_overlap(listing=locked, staff=staff, starts_at=start, ends_at=end)
        try:
            with transaction.atomic():
                viewing = Viewing.objects.create(
                    listing=locked,
                    buyer_name=name,
                    buyer_phone=phone,
                    staff=staff,
                    starts_at=start,
                    ends_at=end,
                    created_by=actor,
                )
        except IntegrityError as exc:
            # A parallel booking committed first (PostgreSQL's exclusion constraints).
            constraint = _constraint_of(exc)
            if constraint == STAFF_OVERLAP_CONSTRAINT:
                raise _double_booked(
                    gettext("%(staff)s already has a viewing at that time.") % {"staff": staff}
                ) from exc
            if constraint == LISTING_OVERLAP_CONSTRAINT:
                raise _double_booked(
                    gettext("This home already has a viewing at that time.")
                ) from exc
            raise
        except OperationalError as exc:
            # Two parallel bookings that overlap each other both wait on the other's
            # uncommitted row in the exclusion check: PostgreSQL kills one as a deadlock.
            # The survivor holds the time, so the victim is a double booking too.
            if getattr(exc.__cause__, "sqlstate", None) != DEADLOCK_DETECTED:
                raise
            raise _double_booked(
                gettext("That time was booked a moment ago; please choose another.")
            ) from exc
        audit_record(
            action=Action.CREATE,
            actor=actor,
            obj=viewing,
            detail={"listing": locked.pk, "staff": staff.pk},
        )
    return viewing


def viewing_record_outcome(
    *, viewing: Viewing, actor: Any, status: str, notes: str = ""
) -> Viewing:
    """A scheduled viewing becomes done, no-show (both once it has begun) or cancelled,
    with the staff member's notes. Anything else is 409."""
    errors: Errors = {}
    if status not in OUTCOMES:
        add_error(errors, "status", _("Choose done, cancelled or no-show."), "invalid")
    text = clean_text(notes)
    if len(text) > NOTES_MAX_LENGTH:
        add_error(
            errors,
            "notes",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=NOTES_MAX_LENGTH,
        )
    raise_if(errors)
    require_staff(actor, viewing.listing.place_id)
    with transaction.atomic():
        locked = Viewing.objects.select_for_update(of=("self",)).get(pk=viewing.pk)
        if locked.status != ViewingStatus.SCHEDULED:
            raise DomainError(
                "invalid_transition",
                gettext("This viewing is already “%(status)s”.")
                % {"status": ViewingStatus(locked.status).label},
                status=409,
                current_status=locked.status,
            )
        if status != ViewingStatus.CANCELLED and locked.starts_at > clock.now():
            raise DomainError(
                "not_started",
                gettext("The viewing has not begun yet: it can only be cancelled."),
                status=409,
            )
        locked.status = status
        locked.outcome_notes = text
        locked.save(update_fields=["status", "outcome_notes", "updated_at"])
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"to_status": status})
    viewing.status, viewing.outcome_notes = locked.status, locked.outcome_notes
    viewing.updated_at = locked.updated_at
    return locked
