"""Writes for charity. Every function checks all of its input before writing, inside
one transaction, so a refused call leaves nothing behind; refusals are DomainError
with a code and a translated message (422 bad input, 403 not allowed, 409 conflict).
"""

from .disbursement_corrections import disbursement_correct
from .disbursements import (
    LineInput,
    disbursement_approve,
    disbursement_propose,
    disbursement_reject,
)
from .disclosure import disclosure_publish, donation_correct
from .donations import DonationInput, donation_record, donations_import
from .imports import ImportedDisbursement, disbursements_import
from .setup import fund_for, organisation_accounts

__all__ = [
    "DonationInput",
    "ImportedDisbursement",
    "LineInput",
    "disbursement_approve",
    "disbursement_correct",
    "disbursement_propose",
    "disbursement_reject",
    "disbursements_import",
    "disclosure_publish",
    "donation_correct",
    "donation_record",
    "donations_import",
    "fund_for",
    "organisation_accounts",
]
