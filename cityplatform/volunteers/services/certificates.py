"""Issuing volunteer service certificates (志愿服务证明)."""

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.volunteers.models import Certificate, Organization, Volunteer
from cityplatform.volunteers.selectors.people import volunteer_service

# No 0/O or 1/I: the number is read off paper and typed in.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_RANDOM_LENGTH = 10


def new_certificate_number(year: int) -> str:
    """ZY2020-XXXXX-XXXXX: unguessable, so nobody can walk through the certificates."""
    random_part = "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_LENGTH))
    return f"ZY{year}-{random_part[:5]}-{random_part[5:]}"


def certificate_issue(
    *, volunteer: Volunteer, organization: Organization, actor: Any = None
) -> Certificate:
    """A certificate of the volunteer's service for the organisation so far.

    Asking again while nothing has changed gives the same certificate back, so a
    volunteer printing twice does not multiply certificates.
    """
    now = timezone.now()
    found = volunteer_service(volunteer, organization=organization, recorded_until=now)
    if not found:
        raise DomainError(
            "no_service",
            _("There is no service for %(organization)s to certify yet.")
            % {"organization": organization.name},
            status=422,
        )
    figures = found[0]
    latest = (
        Certificate.objects.filter(volunteer=volunteer, organization=organization)
        .order_by("-issued_at", "-pk")
        .first()
    )
    if (
        latest is not None
        and latest.hours == figures.hours
        and latest.activity_count == figures.activities
        and latest.last_served_on == figures.last_served_on
    ):
        return latest
    for _attempt in range(3):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    number=new_certificate_number(now.year),
                    volunteer=volunteer,
                    organization=organization,
                    hours=figures.hours,
                    activity_count=figures.activities,
                    first_served_on=figures.first_served_on,
                    last_served_on=figures.last_served_on,
                    issued_at=now,
                    issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
                audit_record(action=Action.CREATE, actor=actor, obj=certificate)
        except IntegrityError:  # pragma: no cover - a 1 in 32^10 collision of numbers
            continue
        return certificate
    raise DomainError("number_collision", _("Try again."), status=503)
