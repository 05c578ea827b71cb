"""Lending's models, one module per part of the business."""

from cityplatform.lending.models.applications import (
    Application,
    BankRelationship,
    BlacklistEntry,
    Decision,
    Outcome,
)
from cityplatform.lending.models.daybook import (
    Accrual,
    BusinessClock,
    CloseOfBusiness,
    OverdueNotice,
    Statement,
)
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
from cityplatform.lending.models.refunds import Refund

__all__ = [
    "Accrual",
    "Application",
    "BankRelationship",
    "BlacklistEntry",
    "BusinessClock",
    "CloseOfBusiness",
    "Decision",
    "DisbursementAttempt",
    "Draw",
    "IdempotencyRecord",
    "Instalment",
    "Line",
    "Organisation",
    "Outcome",
    "OverdueNotice",
    "Product",
    "ProhibitedPurpose",
    "RateTier",
    "Refund",
    "RegulatoryCap",
    "Repayment",
    "RepaymentAllocation",
    "RepaymentMethod",
    "Segment",
    "SimulatedTransfer",
    "Statement",
]
