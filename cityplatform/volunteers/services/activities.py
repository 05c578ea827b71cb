"""Recording activities and their outputs."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.places.models import Place
from cityplatform.volunteers.models import (
    OUTPUT_UNITS,
    Activity,
    ActivityKind,
    ActivityOutput,
    Membership,
    Organization,
    OutputKind,
    ServiceRecord,
)
from cityplatform.volunteers.permissions import require_manage

from .common import Errors, add_error, check_place, raise_if, required_text

ACTIVITY_FIELDS = ("kind", "title", "place", "date", "description")
DESCRIPTION_MAX_LENGTH = 5000
# An output larger than this is a typing error, not a count.
MAX_OUTPUT_QUANTITY = 10_000_000


@dataclass(frozen=True)
class OutputIn:
    kind: str
    quantity: int
    unit: str = ""


def activity_clean(errors: Errors, values: dict[str, Any]) -> dict[str, Any]:
    """Checked activity values; problems go into `errors` by field."""
    clean: dict[str, Any] = {
        "kind": values.get("kind"),
        "title": required_text(errors, "title", values.get("title"), 100),
        "place": values.get("place"),
        "date": values.get("date"),
        "description": clean_text(values.get("description")),
    }
    if clean["kind"] not in ActivityKind.values:
        add_error(errors, "kind", _("Choose the type of activity."), "invalid_choice")
    check_place(
        errors,
        "place",
        clean["place"],
        levels=(Place.Level.TOWN, Place.Level.VILLAGE),
        message=_("An activity takes place in a town or a village."),
    )
    if not isinstance(clean["date"], date):
        add_error(errors, "date", _("This field is required."), "required")
    elif clean["date"] > timezone.localdate():
        add_error(errors, "date", _("An activity is recorded once it has taken place."), "future")
    if len(clean["description"]) > DESCRIPTION_MAX_LENGTH:
        add_error(
            errors,
            "description",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=DESCRIPTION_MAX_LENGTH,
        )
    return clean


def _clean_outputs(errors: Errors, outputs: Iterable[OutputIn]) -> list[OutputIn]:
    clean: list[OutputIn] = []
    for output in outputs:
        if output.kind not in OutputKind.values:
            add_error(errors, "outputs", _("Choose the kind of output."), "invalid_choice")
            continue
        if isinstance(output.quantity, bool) or not isinstance(output.quantity, int):
            add_error(errors, "outputs", _("Give the quantity as a whole number."), "invalid")
            continue
        if not 0 < output.quantity <= MAX_OUTPUT_QUANTITY:
            add_error(
                errors,
                "outputs",
                _("A quantity is a whole number above 0 and at most %(max)s."),
                "out_of_range",
                max=f"{MAX_OUTPUT_QUANTITY:,}",
            )
            continue
        if any(o.kind == output.kind for o in clean):
            add_error(errors, "outputs", _("Give each kind of output once."), "duplicate")
            continue
        unit = clean_text(output.unit)[:8] or OUTPUT_UNITS[OutputKind(output.kind)]
        clean.append(OutputIn(kind=output.kind, quantity=output.quantity, unit=unit))
    return clean


def activity_create(
    *,
    organization: Organization,
    outputs: Iterable[OutputIn] = (),
    actor: Any = None,
    **values: Any,
) -> Activity:
    """Record an activity the organisation ran, with what it produced."""
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"activity_create got unknown fields: {sorted(unknown)}")
    require_manage(actor, organization)
    errors: Errors = {}
    clean = activity_clean(errors, values)
    clean_outputs = _clean_outputs(errors, outputs)
    raise_if(errors)
    activity = Activity(organization=organization, created_by=_user_or_none(actor), **clean)
    with transaction.atomic():
        activity.save()
        ActivityOutput.objects.bulk_create(
            ActivityOutput(activity=activity, kind=o.kind, quantity=o.quantity, unit=o.unit)
            for o in clean_outputs
        )
        audit_record(action=Action.CREATE, actor=actor, obj=activity)
    return activity


def activity_date_problem(activity: Activity, new_date: date) -> DomainError | None:
    """Why the activity cannot move to `new_date`: volunteers who served it had not
    joined the organisation yet on that day. None if it can."""
    if new_date == activity.date:
        return None
    late = Membership.objects.filter(
        organization_id=activity.organization_id,
        joined_on__gt=new_date,
        volunteer__service_records__activity=activity,
    ).count()
    if not late:
        return None
    return DomainError(
        "volunteers_joined_later",
        _(
            "%(count)d volunteer(s) of this activity joined the organisation after "
            "%(date)s; correct their records first."
        )
        % {"count": late, "date": new_date.isoformat()},
        status=409,
    )


def activity_update(*, activity: Activity, actor: Any = None, **changes: Any) -> Activity:
    """Correct an activity. A new date may not fall before the day any of its volunteers
    joined the organisation: their records would no longer hold."""
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"activity_update got unknown fields: {sorted(unknown)}")
    require_manage(actor, activity.organization)
    values = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    values.update(changes)
    errors: Errors = {}
    clean = activity_clean(errors, values)
    raise_if(errors)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        problem = activity_date_problem(locked, clean["date"])
        if problem is not None:
            raise problem
        for field, value in clean.items():
            setattr(activity, field, value)
        activity.save(update_fields=list(clean))
        # The records carry copies of the date and place (for the statistics' indexes).
        ServiceRecord.objects.filter(activity=activity).exclude(
            activity_date=activity.date, activity_place_id=activity.place_id
        ).update(activity_date=activity.date, activity_place_id=activity.place_id)
        audit_record(action=Action.UPDATE, actor=actor, obj=activity)
    return activity


def activity_output_set(
    *, activity: Activity, kind: str, quantity: int, unit: str = "", actor: Any = None
) -> ActivityOutput:
    """Set (add or replace) the count of one kind of output of an activity."""
    require_manage(actor, activity.organization)
    errors: Errors = {}
    outputs = _clean_outputs(errors, [OutputIn(kind=kind, quantity=quantity, unit=unit)])
    raise_if(errors)
    output = outputs[0]
    with transaction.atomic():
        row, _created = ActivityOutput.objects.update_or_create(
            activity=activity,
            kind=output.kind,
            defaults={"quantity": output.quantity, "unit": output.unit},
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=activity, detail={"output": output.kind}
        )
    return row


def activity_output_remove(*, output: ActivityOutput, actor: Any = None) -> None:
    require_manage(actor, output.activity.organization)
    with transaction.atomic():
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=output.activity,
            detail={"output_removed": output.kind},
        )
        output.delete()


def _user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
