"""The public reports a false listing (虚假房源); staff resolve the report."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text, normalize_phone
from cityplatform.housing.models import FalseListingReport, Listing, ListingStatus
from cityplatform.housing.services.common import (
    Errors,
    add_error,
    clean_note,
    raise_if,
    require_staff,
)
from cityplatform.housing.services.lifecycle import listing_withdraw

REASON_MAX_LENGTH = 2000
# Listings the public can see, hence report.
REPORTABLE = (ListingStatus.PUBLISHED, ListingStatus.UNDER_OFFER)


def false_listing_report_submit(
    *, listing: Listing, reason: str, reporter_name: str = "", reporter_phone: str = ""
) -> FalseListingReport:
    """Anyone may report a listing on the market; name and phone are optional."""
    if listing.status not in REPORTABLE:
        raise DomainError(
            "listing_unavailable", gettext("This listing is not on the market."), status=404
        )
    errors: Errors = {}
    text = clean_text(reason)
    if not text:
        add_error(errors, "reason", _("Say what is wrong with the listing."), "required")
    elif len(text) > REASON_MAX_LENGTH:
        add_error(
            errors,
            "reason",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=REASON_MAX_LENGTH,
        )
    name = clean_text(reporter_name)
    if len(name) > 64:
        add_error(
            errors, "reporter_name", _("Enter at most %(max)d characters."), "max_length", max=64
        )
    phone = clean_text(reporter_phone)
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors.setdefault("reporter_phone", []).extend(exc.error_list)
    raise_if(errors)
    with transaction.atomic():
        return FalseListingReport.objects.create(
            listing=listing, reason=text, reporter_name=name, reporter_phone=phone
        )


def false_listing_report_resolve(
    *, report: FalseListingReport, actor: Any, upheld: bool, note: str = ""
) -> FalseListingReport:
    """Close the report. Upheld: the listing is false and is withdrawn (if still on the
    market) and loses its verified mark; not upheld: it stays as it is."""
    errors: Errors = {}
    text = clean_note(errors, note)
    raise_if(errors)
    listing = report.listing
    require_staff(actor, listing.place_id)
    with transaction.atomic():
        locked = FalseListingReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != FalseListingReport.Status.OPEN:
            raise DomainError(
                "already_resolved", gettext("This report is already resolved."), status=409
            )
        locked.status = FalseListingReport.Status.RESOLVED
        locked.upheld = upheld
        locked.resolution_note = text
        locked.resolved_by = actor
        locked.resolved_at = timezone.now()
        locked.save(
            update_fields=["status", "upheld", "resolution_note", "resolved_by", "resolved_at"]
        )
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=listing,
            detail={"report": locked.pk, "upheld": upheld},
        )
        if upheld:
            _withdraw_false(listing, actor, locked.pk)
    for field in ("status", "upheld", "resolution_note", "resolved_by_id", "resolved_at"):
        setattr(report, field, getattr(locked, field))
    return locked


def _withdraw_false(listing: Listing, actor: Any, report_id: int) -> None:
    note = gettext("False listing (report #%(report)s).") % {"report": report_id}
    listing.refresh_from_db()
    if listing.status in (
        ListingStatus.PUBLISHED,
        ListingStatus.UNDER_OFFER,
        ListingStatus.PENDING,
    ):
        listing_withdraw(listing=listing, actor=actor, note=note)
    if listing.verified:
        Listing.objects.filter(pk=listing.pk).update(verified=False)
        listing.verified = False
