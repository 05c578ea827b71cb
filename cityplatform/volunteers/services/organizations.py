"""Registering social organisations and their staff."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.models import User
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.validators import normalize_credit_code, normalize_phone
from cityplatform.places.models import Place
from cityplatform.volunteers.models import Organization, OrganizationStaff
from cityplatform.volunteers.permissions import ORG_STAFF_ROLE, require_bureau_admin

from .common import Errors, add_error, check_place, raise_if, required_text

ORGANIZATION_FIELDS = (
    "name",
    "kind",
    "credit_code",
    "contact_person",
    "contact_phone",
    "place",
)


def organization_clean(values: dict[str, Any], *, exclude_pk: int | None) -> dict[str, Any]:
    """The checked values of an organisation, or ValidationError with a message per field."""
    errors: Errors = {}
    clean: dict[str, Any] = {
        "name": required_text(errors, "name", values.get("name"), 100),
        "contact_person": required_text(errors, "contact_person", values.get("contact_person"), 32),
        "kind": values.get("kind"),
        "place": values.get("place"),
    }
    if clean["kind"] not in Organization.Kind.values:
        add_error(errors, "kind", _("Choose the type of organisation."), "invalid_choice")
    try:
        clean["credit_code"] = normalize_credit_code(values.get("credit_code") or "")
    except ValidationError as exc:
        errors.setdefault("credit_code", []).extend(exc.error_list)
    try:
        clean["contact_phone"] = normalize_phone(values.get("contact_phone") or "")
    except ValidationError as exc:
        errors.setdefault("contact_phone", []).extend(exc.error_list)
    check_place(
        errors,
        "place",
        clean["place"],
        levels=(Place.Level.COUNTY, Place.Level.TOWN),
        message=_("An organisation is registered in a county or a town."),
    )
    others = Organization.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if "name" not in errors and others.filter(name=clean["name"]).exists():
        add_error(errors, "name", _("An organisation with this name is registered."), "duplicate")
    if "credit_code" in clean and others.filter(credit_code=clean["credit_code"]).exists():
        add_error(
            errors,
            "credit_code",
            _("Another organisation has this credit code."),
            "duplicate",
        )
    raise_if(errors)
    return clean


def _save(organization: Organization) -> None:
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:
        # Registered by someone else between the check and the write.
        raise ValidationError(
            _("An organisation with this name or credit code is registered.")
        ) from exc


def organization_create(*, actor: Any = None, **values: Any) -> Organization:
    """Register an organisation; every field of ORGANIZATION_FIELDS is required."""
    require_bureau_admin(actor)
    clean = organization_clean(values, exclude_pk=None)
    # Only inside the administrator's own jurisdiction.
    require_bureau_admin(actor, Organization(place=clean["place"]))
    organization = Organization(**clean)
    with transaction.atomic():
        _save(organization)
        audit_record(action=Action.CREATE, actor=actor, obj=organization)
    return organization


def organization_update(*, organization: Organization, actor: Any = None, **changes: Any) -> None:
    unknown = set(changes) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"organization_update got unknown fields: {sorted(unknown)}")
    require_bureau_admin(actor, organization)
    values = {field: getattr(organization, field) for field in ORGANIZATION_FIELDS}
    values.update(changes)
    clean = organization_clean(values, exclude_pk=organization.pk)
    require_bureau_admin(actor, Organization(place=clean["place"]))
    for field, value in clean.items():
        setattr(organization, field, value)
    with transaction.atomic():
        _save(organization)
        audit_record(action=Action.UPDATE, actor=actor, obj=organization)


def organization_staff_add(
    *, organization: Organization, user: User, actor: Any = None
) -> OrganizationStaff:
    """Let `user` record for the organisation (they also need the staff role)."""
    require_bureau_admin(actor, organization)
    if not user.has_role(ORG_STAFF_ROLE) and not user.is_superuser:
        raise ValidationError(
            _("Give the user the role “Social organisation staff” first."), code="role"
        )
    with transaction.atomic():
        staff, created = OrganizationStaff.objects.get_or_create(
            organization=organization, user=user
        )
        if created:
            audit_record(action=Action.CREATE, actor=actor, obj=staff)
    return staff
