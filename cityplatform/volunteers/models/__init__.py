"""Volunteer data: organisations and their staff, volunteers and memberships,
activities with outputs, service records, and the certificates issued from them."""

from .activities import (
    MAX_HOURS_PER_RECORD,
    OUTPUT_UNITS,
    Activity,
    ActivityKind,
    ActivityOutput,
    OutputKind,
    ServiceRecord,
)
from .certificates import Certificate
from .organizations import Organization, OrganizationStaff
from .people import Membership, Skill, Volunteer

__all__ = [
    "MAX_HOURS_PER_RECORD",
    "OUTPUT_UNITS",
    "Activity",
    "ActivityKind",
    "ActivityOutput",
    "Certificate",
    "Membership",
    "Organization",
    "OrganizationStaff",
    "OutputKind",
    "ServiceRecord",
    "Skill",
    "Volunteer",
]
