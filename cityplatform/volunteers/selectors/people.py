"""Reads about volunteers: finding a person, and the service they have given."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min, QuerySet, Sum

from cityplatform.accounts.jurisdiction import visible_to
from cityplatform.core.validators import clean_text, normalize_phone
from cityplatform.volunteers.identity import id_number_index, normalize_id_number
from cityplatform.volunteers.models import Membership, Organization, ServiceRecord, Volunteer
from cityplatform.volunteers.permissions import is_bureau_admin, staff_organization_ids


def volunteer_find_by_identity(*, name: str, id_number: str, phone: str) -> Volunteer | None:
    """The volunteer whose name, ID number and phone all match, else None (a wrong
    guess learns nothing about which of the three was wrong)."""
    try:
        number = normalize_id_number(id_number)
        phone = normalize_phone(phone)
    except ValidationError:
        return None
    volunteer = Volunteer.objects.filter(id_number_index=id_number_index(number)).first()
    if volunteer is None or volunteer.name != clean_text(name) or volunteer.phone != phone:
        return None
    return volunteer


def volunteer_find_by_id_number(id_number: str) -> Volunteer | None:
    try:
        number = normalize_id_number(id_number)
    except ValidationError:
        return None
    return Volunteer.objects.filter(id_number_index=id_number_index(number)).first()


@dataclass
class ServiceFigures:
    organization: Organization
    activities: int
    hours: Decimal
    first_served_on: date
    last_served_on: date


def volunteer_records(
    volunteer: Volunteer,
    *,
    organization: Organization | None = None,
    recorded_until: datetime | None = None,
) -> QuerySet[ServiceRecord]:
    qs = ServiceRecord.objects.filter(volunteer=volunteer)
    if organization is not None:
        qs = qs.filter(activity__organization=organization)
    if recorded_until is not None:
        qs = qs.filter(recorded_at__lte=recorded_until)
    return qs.select_related("activity", "activity__place").order_by(
        "activity__date", "activity_id"
    )


def volunteer_service(
    volunteer: Volunteer,
    *,
    organization: Organization | None = None,
    recorded_until: datetime | None = None,
) -> list[ServiceFigures]:
    """The volunteer's service for each organisation: activities, hours, first and last day."""
    groups = (
        volunteer_records(volunteer, organization=organization, recorded_until=recorded_until)
        .values("activity__organization_id")
        .annotate(
            activities=Count("pk"),
            hours=Sum("hours"),
            first=Min("activity__date"),
            last=Max("activity__date"),
        )
        .order_by()
    )
    organizations = Organization.objects.in_bulk([g["activity__organization_id"] for g in groups])
    return sorted(
        (
            ServiceFigures(
                organization=organizations[g["activity__organization_id"]],
                activities=g["activities"],
                hours=(g["hours"] or Decimal(0)).quantize(Decimal("0.01")),
                first_served_on=g["first"],
                last_served_on=g["last"],
            )
            for g in groups
        ),
        key=lambda figures: figures.organization.name,
    )


def volunteers_for_staff(user: Any) -> QuerySet[Volunteer]:
    """Volunteers a user may see: the bureau's inside its jurisdiction, an organisation's
    staff the members of their organisations."""
    if is_bureau_admin(user):
        return visible_to(Volunteer.objects.all(), user)
    mine = staff_organization_ids(user)
    if not mine:
        return Volunteer.objects.none()
    return Volunteer.objects.filter(
        pk__in=Membership.objects.filter(organization_id__in=mine).values("volunteer_id")
    )
