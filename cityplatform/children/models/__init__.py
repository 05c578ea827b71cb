"""Registry data: children, guardians, history, care, hotline."""

from .care import (
    PROTECTION_CENTRE,
    Assistance,
    AssistanceItem,
    CareArrangement,
    CounsellingSession,
    Visit,
)
from .children import (
    CATEGORY_FIELDS,
    LACKING,
    Category,
    Child,
    ChildEvent,
    ClosedReason,
    Guardian,
    Guardianship,
    LackingCareFinding,
    Sex,
    category_filter,
)
from .hotline import RESPONSE_TIME, Escalation, HotlineCall, HotlineCallEvent, Urgency

__all__ = [
    "CATEGORY_FIELDS",
    "LACKING",
    "PROTECTION_CENTRE",
    "RESPONSE_TIME",
    "Assistance",
    "AssistanceItem",
    "CareArrangement",
    "Category",
    "Child",
    "ChildEvent",
    "ClosedReason",
    "CounsellingSession",
    "Escalation",
    "Guardian",
    "Guardianship",
    "HotlineCall",
    "HotlineCallEvent",
    "LackingCareFinding",
    "Sex",
    "Urgency",
    "Visit",
    "category_filter",
]
