"""Enrolling volunteers in organisations. One person is one Volunteer row, recognised by
the blind index of their ID number; joining a second organisation adds a membership."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.accounts.jurisdiction import can_see
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text, normalize_phone
from cityplatform.places.models import Place
from cityplatform.volunteers.identity import id_number_index, mask_id_number, normalize_id_number
from cityplatform.volunteers.models import Membership, Organization, Skill, Volunteer
from cityplatform.volunteers.permissions import (
    is_bureau_admin,
    require_manage,
    staff_organization_ids,
)

from .common import Errors, add_error, check_place, raise_if, required_text

SKILL_MAX_LENGTH = 32


def _clean_person(errors: Errors, *, name: str, phone: str, place: Place | None) -> dict[str, Any]:
    clean: dict[str, Any] = {"name": required_text(errors, "name", name, 32), "place": place}
    try:
        clean["phone"] = normalize_phone(phone or "")
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.error_list)
    check_place(
        errors,
        "place",
        place,
        levels=(Place.Level.COUNTY, Place.Level.TOWN),
        message=_("A volunteer registers in a county or a town."),
    )
    return clean


def _clean_id_number(errors: Errors, value: str) -> str | None:
    try:
        return normalize_id_number(value)
    except ValidationError as exc:
        errors.setdefault("id_number", []).extend(exc.error_list)
        return None


def _clean_joined_on(errors: Errors, joined_on: date | None) -> None:
    if joined_on is None:
        add_error(errors, "joined_on", _("This field is required."), "required")
    elif joined_on > timezone.localdate():
        add_error(errors, "joined_on", _("The joining date cannot be in the future."), "future")


def _clean_skills(errors: Errors, skills: Iterable[str]) -> list[str]:
    names = []
    for raw in skills:
        name = clean_text(raw)
        if len(name) > SKILL_MAX_LENGTH:
            add_error(
                errors,
                "skills",
                _("A skill has at most %(max)d characters."),
                "max_length",
                max=SKILL_MAX_LENGTH,
            )
        elif name and name not in names:
            names.append(name)
    return names


def _add_skills(volunteer: Volunteer, names: list[str]) -> None:
    if names:
        volunteer.skills.add(*(Skill.objects.get_or_create(name=name)[0] for name in names))


def enrol_problem(
    existing: Volunteer | None, *, name: str, organization: Organization
) -> DomainError | None:
    """Why the person with this ID number cannot join the organisation, or None."""
    if existing is None:
        return None
    if existing.name != name:
        return DomainError(
            "identity_mismatch",
            _("This ID number is registered under another name; check both."),
            status=409,
        )
    if Membership.objects.filter(volunteer=existing, organization=organization).exists():
        return _already_member(organization)
    return None


def _already_member(organization: Organization) -> DomainError:
    return DomainError(
        "already_member",
        _("This volunteer already belongs to %(organization)s.")
        % {"organization": organization.name},
        status=409,
    )


def _enrol_values(
    *,
    name: str,
    phone: str,
    id_number: str,
    place: Place | None,
    joined_on: date | None,
    skills: Iterable[str],
) -> tuple[dict[str, Any], str, list[str]]:
    errors: Errors = {}
    person = _clean_person(errors, name=name, phone=phone, place=place)
    number = _clean_id_number(errors, id_number)
    _clean_joined_on(errors, joined_on)
    skill_names = _clean_skills(errors, skills)
    raise_if(errors)
    assert number is not None
    return person, number, skill_names


def volunteer_enrol_check(
    *,
    organization: Organization,
    name: str,
    phone: str,
    id_number: str,
    place: Place | None,
    joined_on: date | None,
    skills: Iterable[str] = (),
) -> None:
    """Raise what volunteer_enrol would refuse, writing nothing (for forms)."""
    person, number, _skills = _enrol_values(
        name=name, phone=phone, id_number=id_number, place=place, joined_on=joined_on, skills=skills
    )
    existing = Volunteer.objects.filter(id_number_index=id_number_index(number)).first()
    problem = enrol_problem(existing, name=person["name"], organization=organization)
    if problem is not None:
        raise problem


def volunteer_enrol(
    *,
    organization: Organization,
    name: str,
    phone: str,
    id_number: str,
    place: Place | None,
    joined_on: date | None,
    skills: Iterable[str] = (),
    actor: Any = None,
) -> tuple[Volunteer, bool]:
    """Enrol a person in an organisation. Returns the volunteer and whether the person
    was new: someone already registered (same ID number) joins with a membership and
    still counts once."""
    require_manage(actor, organization)
    person, number, skill_names = _enrol_values(
        name=name, phone=phone, id_number=id_number, place=place, joined_on=joined_on, skills=skills
    )
    assert joined_on is not None
    index = id_number_index(number)
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().filter(id_number_index=index).first()
        created = volunteer is None
        problem = enrol_problem(volunteer, name=person["name"], organization=organization)
        if problem is not None:
            raise problem
        if volunteer is None:
            volunteer = Volunteer(
                **person,
                id_number=number,
                id_number_index=index,
                id_number_masked=mask_id_number(number),
            )
            try:
                with transaction.atomic():
                    volunteer.save()
            except IntegrityError as exc:
                raise DomainError(
                    "volunteer_exists",
                    _("This person was registered at the same moment; try again."),
                    status=409,
                ) from exc
        try:
            with transaction.atomic():
                Membership.objects.create(
                    volunteer=volunteer, organization=organization, joined_on=joined_on
                )
        except IntegrityError as exc:
            raise _already_member(organization) from exc
        _add_skills(volunteer, skill_names)
        audit_record(
            action=Action.CREATE if created else Action.UPDATE,
            actor=actor,
            obj=volunteer,
            detail={"organization_id": organization.pk, "new_person": created},
        )
    return volunteer, created


def require_volunteer_access(actor: Any, volunteer: Volunteer) -> None:
    """The bureau inside its jurisdiction, or staff of one of the volunteer's organisations."""
    if actor is None:
        return
    if is_bureau_admin(actor) and can_see(actor, volunteer):
        return
    mine = staff_organization_ids(actor)
    if mine and volunteer.memberships.filter(organization_id__in=mine).exists():
        return
    raise PermissionDenied(_("You may not change this volunteer."))


def volunteer_update(
    *,
    volunteer: Volunteer,
    name: str,
    phone: str,
    place: Place | None,
    id_number: str = "",
    skills: Iterable[str] | None = None,
    actor: Any = None,
) -> Volunteer:
    """Correct a volunteer's details; an empty `id_number` keeps the stored one."""
    require_volunteer_access(actor, volunteer)
    errors: Errors = {}
    person = _clean_person(errors, name=name, phone=phone, place=place)
    number = _clean_id_number(errors, id_number) if clean_text(id_number) else None
    skill_names = _clean_skills(errors, skills or ())
    if number is not None:
        index = id_number_index(number)
        if Volunteer.objects.exclude(pk=volunteer.pk).filter(id_number_index=index).exists():
            add_error(
                errors,
                "id_number",
                _("Another volunteer has this ID number."),
                "duplicate",
            )
    raise_if(errors)
    for field, value in person.items():
        setattr(volunteer, field, value)
    if number is not None:
        volunteer.id_number = number
        volunteer.id_number_index = id_number_index(number)
        volunteer.id_number_masked = mask_id_number(number)
    try:
        with transaction.atomic():
            volunteer.save()
            if skills is not None:
                volunteer.skills.set(
                    [Skill.objects.get_or_create(name=name)[0] for name in skill_names]
                )
            audit_record(action=Action.UPDATE, actor=actor, obj=volunteer)
    except IntegrityError as exc:
        raise ValidationError({"id_number": [_("Another volunteer has this ID number.")]}) from exc
    return volunteer


def membership_add(
    *,
    volunteer: Volunteer,
    organization: Organization,
    joined_on: date | None,
    actor: Any = None,
) -> Membership:
    require_manage(actor, organization)
    errors: Errors = {}
    _clean_joined_on(errors, joined_on)
    raise_if(errors)
    assert joined_on is not None
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                volunteer=volunteer, organization=organization, joined_on=joined_on
            )
            audit_record(action=Action.CREATE, actor=actor, obj=membership)
    except IntegrityError as exc:
        raise _already_member(organization) from exc
    return membership
