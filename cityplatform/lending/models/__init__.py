"""Lending's models, one module per part of the business."""

from cityplatform.lending.models.applications import (
    Application,
    BankRelationship,
    BlacklistEntry,
    Decision,
    Outcome,
)
from cityplatform.lending.models.daybook import BusinessClock
from cityplatform.lending.models.draws import (
    DisbursementAttempt,
    Draw,
    IdempotencyRecord,
    Instalment,
    Repayment,
    RepaymentAllocation,
    SimulatedTransfer,
)
from cityplatform.lending.models.lines import Line
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
    "Application",
    "BankRelationship",
    "BlacklistEntry",
    "BusinessClock",
    "Decision",
    "DisbursementAttempt",
    "Draw",
    "IdempotencyRecord",
    "Instalment",
    "Line",
    "Organisation",
    "Outcome",
    "Product",
    "ProhibitedPurpose",
    "RateTier",
    "RegulatoryCap",
    "Repayment",
    "RepaymentAllocation",
    "RepaymentMethod",
    "Segment",
    "SimulatedTransfer",
]
