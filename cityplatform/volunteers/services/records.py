"""Recording service: one record per volunteer per activity, for members only."""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.volunteers.models import Activity, Membership, ServiceRecord, Volunteer
from cityplatform.volunteers.permissions import require_bureau_admin, require_manage

from .common import Errors, parse_hours, raise_if


def membership_problem(
    membership: Membership | None, *, volunteer_name: str, activity: Activity
) -> DomainError | None:
    """Why the volunteer cannot have served this activity, or None if they can: only a
    member of the organiser, joined on or before the day of the activity, serves it."""
    if membership is None:
        return DomainError(
            "not_a_member",
            _("%(name)s is not a member of %(organization)s, which organised this activity.")
            % {"name": volunteer_name, "organization": activity.organization.name},
            status=422,
        )
    if membership.joined_on > activity.date:
        return DomainError(
            "before_joining",
            _(
                "%(name)s joined %(organization)s on %(joined)s, after this activity "
                "(%(date)s): a record cannot come before joining."
            )
            % {
                "name": volunteer_name,
                "organization": activity.organization.name,
                "joined": membership.joined_on.isoformat(),
                "date": activity.date.isoformat(),
            },
            status=422,
        )
    return None


def duplicate_record_error(volunteer_name: str, activity: Activity) -> DomainError:
    return DomainError(
        "duplicate_record",
        _("%(name)s already has a service record for “%(activity)s”.")
        % {"name": volunteer_name, "activity": activity.title},
        status=409,
    )


def service_record_check(*, volunteer: Volunteer, activity: Activity, hours: Any) -> Decimal:
    """The hours, once everything about the record holds (no write, no lock: forms call
    this to show problems; service_record_add checks again under lock)."""
    errors: Errors = {}
    clean_hours = parse_hours(errors, "hours", hours)
    raise_if(errors)
    assert isinstance(clean_hours, Decimal)
    membership = Membership.objects.filter(
        volunteer=volunteer, organization_id=activity.organization_id
    ).first()
    problem = membership_problem(membership, volunteer_name=volunteer.name, activity=activity)
    if problem is not None:
        raise problem
    if ServiceRecord.objects.filter(volunteer=volunteer, activity=activity).exists():
        raise duplicate_record_error(volunteer.name, activity)
    return clean_hours


def service_record_add(
    *, volunteer: Volunteer, activity: Activity, hours: Any, actor: Any = None
) -> ServiceRecord:
    """Record that the volunteer served the activity for `hours` (above 0, at most 24)."""
    require_manage(actor, activity.organization)
    errors: Errors = {}
    clean_hours = parse_hours(errors, "hours", hours)
    raise_if(errors)
    assert isinstance(clean_hours, Decimal)
    with transaction.atomic():
        # Locked so the joining date cannot change between the check and the write.
        membership = (
            Membership.objects.select_for_update()
            .filter(volunteer=volunteer, organization_id=activity.organization_id)
            .first()
        )
        problem = membership_problem(membership, volunteer_name=volunteer.name, activity=activity)
        if problem is not None:
            raise problem
        try:
            with transaction.atomic():
                record = ServiceRecord.objects.create(
                    volunteer=volunteer,
                    activity=activity,
                    activity_date=activity.date,
                    activity_place_id=activity.place_id,
                    hours=clean_hours,
                    recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError as exc:
            raise duplicate_record_error(volunteer.name, activity) from exc
        audit_record(action=Action.CREATE, actor=actor, obj=record)
    return record


def service_record_delete(*, record: ServiceRecord, actor: Any = None) -> None:
    """Remove a record entered in error (the bureau only). Certificates issued before
    keep their figures; their verification page then says the records changed."""
    require_bureau_admin(actor, record.activity.organization)
    with transaction.atomic():
        audit_record(
            action=Action.DELETE,
            actor=actor,
            obj=record,
            detail={"activity_id": record.activity_id, "volunteer_id": record.volunteer_id},
        )
        record.delete()
