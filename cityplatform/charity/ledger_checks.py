"""Charity's invariants, run by `cityplatform verify_ledger`.

- No fund below zero: neither money (income − expense on the ledger) nor goods
  quantity (received − given).
- Every donation ties to its ledger transaction: two legs, the receiving
  organisation's asset debited and its fund's income credited with its amount.
- Every approved disbursement ties to its transaction: each line's fund expense
  debited with the line's amount, the legs balancing against the organisation.
- Every correction note's reversal reverses its donation's (or disbursement's)
  transaction, and a disbursement's note states the change to the disbursed total
  (what its re-posting, if any, pays minus what the reversed one paid).

Each check is one or two grouped queries, so it runs at a million donations.
"""

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from cityplatform.charity.models import CorrectionNote, DisbursementLine, Donation, Fund
from cityplatform.ledger.checks import MAX_PROBLEMS_PER_CHECK
from cityplatform.ledger.models import Entry

ZERO = Decimal("0.00")


def no_fund_below_zero() -> Iterator[str]:
    sums = dict(
        Entry.objects.filter(account__owner_type="charity.fund")
        .values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
        .order_by()
    )
    found = 0
    for fund in Fund.objects.only("pk", "income_account_id", "expense_account_id").order_by("pk"):
        held = -(sums.get(fund.income_account_id, ZERO) + sums.get(fund.expense_account_id, ZERO))
        if held < 0:
            found += 1
            yield f"fund #{fund.pk} holds {held:.2f} yuan (below zero)"
            if found >= MAX_PROBLEMS_PER_CHECK:
                return
    received = dict(
        Donation.objects.filter(kind="goods", correction__isnull=True)
        .values("fund_id")
        .annotate(q=Sum("quantity"))
        .values_list("fund_id", "q")
        .order_by()
    )
    given = (
        DisbursementLine.objects.filter(
            quantity__isnull=False,
            disbursement__status="approved",
            disbursement__correction__isnull=True,
        )
        .values("fund_id")
        .annotate(q=Sum("quantity"))
        .values_list("fund_id", "q")
        .order_by()
    )
    for fund_id, quantity in given:
        left = received.get(fund_id, ZERO) - quantity
        if left < 0:
            yield f"goods fund #{fund_id} has given {-left} more than it received"


def donations_tie_to_ledger() -> Iterator[str]:
    # The transaction's entry on the fund's income account must be minus the amount, and
    # it must have exactly two entries summing (by the core check) to zero.
    mismatched = (
        Donation.objects.annotate(
            legs=Count("ledger_transaction__entries"),
            credited=Sum(
                "ledger_transaction__entries__amount",
                filter=Q(ledger_transaction__entries__account_id=F("fund__income_account_id")),
            ),
        )
        .exclude(legs=2, credited=-F("amount"))
        .values_list("receipt_number", "legs", "credited", "amount")
        .order_by("pk")
    )
    for number, legs, credited, amount in mismatched[:MAX_PROBLEMS_PER_CHECK]:
        yield (
            f"donation {number} ({amount:.2f}) does not match its ledger transaction "
            f"({legs} entries, {credited or 0:.2f} credited to its fund)"
        )
    wrong_source = Donation.objects.exclude(
        ledger_transaction__source="charity.donation",
        ledger_transaction__reference=F("receipt_number"),
    ).values_list("receipt_number", flat=True)
    for number in wrong_source[:MAX_PROBLEMS_PER_CHECK]:
        yield f"donation {number}'s ledger transaction names another source"


def disbursements_tie_to_ledger() -> Iterator[str]:
    from cityplatform.charity.models import Disbursement

    approved = Disbursement.objects.filter(status="approved")
    lines = dict(
        DisbursementLine.objects.filter(disbursement__status="approved")
        .values("disbursement_id")
        .annotate(total=Sum("amount"))
        .values_list("disbursement_id", "total")
        .order_by()
    )
    debited = dict(
        Entry.objects.filter(
            transaction__source="charity.disbursement",
            transaction__reverses__isnull=True,
            account__owner_type="charity.fund",
        )
        .values("transaction_id")
        .annotate(total=Sum("amount"))
        .values_list("transaction_id", "total")
        .order_by()
    )
    found = 0
    for pk, txn_id in approved.values_list("pk", "ledger_transaction_id").order_by("pk"):
        expected = lines.get(pk)
        if expected is None or debited.get(txn_id) != expected:
            found += 1
            yield (
                f"disbursement #{pk} pays {expected or 0:.2f} but its ledger transaction "
                f"charges its funds {debited.get(txn_id, ZERO):.2f}"
            )
            if found >= MAX_PROBLEMS_PER_CHECK:
                return
    unapproved_posted = Disbursement.objects.exclude(status="approved").filter(
        ledger_transaction__isnull=False
    )
    for pk in unapproved_posted.values_list("pk", flat=True)[:MAX_PROBLEMS_PER_CHECK]:
        yield f"disbursement #{pk} is not approved but was posted"


def corrections_reverse_their_donation() -> Iterator[str]:
    wrong = CorrectionNote.objects.filter(donation__isnull=False).exclude(
        reversal__reverses_id=F("donation__ledger_transaction_id")
    )
    for note in wrong.values_list("pk", flat=True)[:MAX_PROBLEMS_PER_CHECK]:
        yield f"correction note #{note} does not reverse its donation's transaction"


def corrections_reverse_their_disbursement() -> Iterator[str]:
    notes = CorrectionNote.objects.filter(disbursement__isnull=False)
    wrong = notes.exclude(reversal__reverses_id=F("disbursement__ledger_transaction_id"))
    for note in wrong.values_list("pk", flat=True)[:MAX_PROBLEMS_PER_CHECK]:
        yield f"correction note #{note} does not reverse its disbursement's transaction"
    # What the corrected disbursements paid, and what their re-postings pay.
    reversed_paid = dict(
        DisbursementLine.objects.filter(disbursement__correction__isnull=False)
        .values("disbursement__correction")
        .annotate(total=Sum("amount"))
        .values_list("disbursement__correction", "total")
        .order_by()
    )
    reposted_paid = dict(
        DisbursementLine.objects.filter(disbursement__from_correction__isnull=False)
        .values("disbursement__from_correction")
        .annotate(total=Sum("amount"))
        .values_list("disbursement__from_correction", "total")
        .order_by()
    )
    found = 0
    for pk, change in notes.values_list("pk", "disbursed_change").order_by("pk"):
        expected = (reposted_paid.get(pk) or ZERO) - (reversed_paid.get(pk) or ZERO)
        if change != expected:
            found += 1
            yield (
                f"correction note #{pk} states {change:.2f} disbursed but its disbursements "
                f"differ by {expected:.2f}"
            )
            if found >= MAX_PROBLEMS_PER_CHECK:
                return


CHECKS = [
    no_fund_below_zero,
    donations_tie_to_ledger,
    disbursements_tie_to_ledger,
    corrections_reverse_their_donation,
    corrections_reverse_their_disbursement,
]
