"""Charity data: who receives (organisations), for what (campaigns, designations), from
whom (donors, donations with receipts), where it is held (funds, each with its ledger
accounts), where it goes (disbursements and their lines), and what was told to the
public (disclosure publications and correction notes)."""

from .disbursements import Disbursement, DisbursementLine
from .disclosure import CorrectionNote, DisclosurePublication
from .donations import Donation, DonationKind, Donor, ReceiptCounter
from .setup import Campaign, Designation, Fund, Organisation

__all__ = [
    "Campaign",
    "CorrectionNote",
    "Designation",
    "Disbursement",
    "DisbursementLine",
    "DisclosurePublication",
    "Donation",
    "DonationKind",
    "Donor",
    "Fund",
    "Organisation",
    "ReceiptCounter",
]
