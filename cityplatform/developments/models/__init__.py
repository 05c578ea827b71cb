"""Developments data: developments with unit types, photos and sale-status history;
the public's enquiries and their handling history."""

from .developments import (
    ALLOWED_TRANSITIONS,
    Development,
    DevelopmentPhoto,
    SaleStatus,
    SaleStatusEvent,
    UnitType,
)
from .enquiries import ENQUIRY_TRANSITIONS, ContactTime, Enquiry, EnquiryEvent, EnquiryStatus

__all__ = [
    "ALLOWED_TRANSITIONS",
    "ENQUIRY_TRANSITIONS",
    "ContactTime",
    "Development",
    "DevelopmentPhoto",
    "Enquiry",
    "EnquiryEvent",
    "EnquiryStatus",
    "SaleStatus",
    "SaleStatusEvent",
    "UnitType",
]
