"""Lending's models, one module per part of the business."""

from cityplatform.lending.models.daybook import BusinessClock
from cityplatform.lending.models.products import (
    Organisation,
    Product,
    ProhibitedPurpose,
    RateTier,
    RegulatoryCap,
    RepaymentMethod,
    Segment,
)

__all__ = [
    "BusinessClock",
    "Organisation",
    "Product",
    "ProhibitedPurpose",
    "RateTier",
    "RegulatoryCap",
    "RepaymentMethod",
    "Segment",
]
