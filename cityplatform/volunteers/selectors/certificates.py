"""Reading certificates, and checking them against the records."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from cityplatform.volunteers.models import Certificate, ServiceRecord

from .people import volunteer_records, volunteer_service

# Certificate numbers are upper-case letters and digits; anything else cannot be one.
NUMBER_MAX_LENGTH = 24


def certificate_get(number: str) -> Certificate:
    """The certificate with this number (any case, spaces ignored), or Http404."""
    clean = "".join((number or "").split()).upper()[:NUMBER_MAX_LENGTH]
    certificate = (
        Certificate.objects.filter(number=clean)
        .select_related("volunteer", "organization", "organization__place")
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


@dataclass
class CertificateCheck:
    """The records behind a certificate as they stand today, beside what it says."""

    matches: bool
    hours_now: Decimal
    activities_now: int


def certificate_check(certificate: Certificate) -> CertificateCheck:
    """Recompute the certificate from the records that existed when it was issued: a
    record removed since (a correction) shows as a difference."""
    found = volunteer_service(
        certificate.volunteer,
        organization=certificate.organization,
        recorded_until=certificate.issued_at,
    )
    hours = found[0].hours if found else Decimal("0.00")
    activities = found[0].activities if found else 0
    return CertificateCheck(
        matches=hours == certificate.hours and activities == certificate.activity_count,
        hours_now=hours,
        activities_now=activities,
    )


def certificate_records(certificate: Certificate) -> QuerySet[ServiceRecord]:
    """The service the certificate covers, oldest first."""
    return volunteer_records(
        certificate.volunteer,
        organization=certificate.organization,
        recorded_until=certificate.issued_at,
    )
