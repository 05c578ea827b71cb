"""verify_ledger runs charity's checks and names what is broken."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from cityplatform.charity.models import Donation
from cityplatform.charity.services import organisation_accounts
from cityplatform.ledger.services import Leg, transaction_post

from .conftest import give, pay

pytestmark = pytest.mark.django_db


def verify_ledger_fails() -> str:
    """Run verify_ledger expecting it to fail; what it listed."""
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_ledger", stdout=out)
    return out.getvalue()


def test_a_clean_book_passes(world) -> None:  # type: ignore[no-untyped-def]
    give(world, "10.00")
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "checks passed" in out.getvalue()


def test_overdrawn_funds_and_untied_donations_are_listed(world) -> None:  # type: ignore[no-untyped-def]
    gift = give(world, "10.00")
    fund = gift.fund
    cash, _goods = organisation_accounts(world.cishan)
    with transaction.atomic():
        # A payment behind the services' back: the fund pays out more than it holds.
        transaction_post(
            legs=[Leg(fund.expense_account, Decimal("25.00")), Leg(cash, Decimal("-25.00"))],
            description="forged",
        )
        # A donation row whose amount its ledger transaction does not carry.
        Donation.objects.create(
            receipt_number="FORGED0001",
            campaign=world.campaign,
            organisation=world.cishan,
            donor=gift.donor,
            fund=fund,
            kind="money",
            amount=Decimal("99.00"),
            received_on=gift.received_on,
            recorded_at=gift.recorded_at,
            ledger_transaction=transaction_post(
                legs=[
                    Leg(fund.income_account, Decimal("-1.00")),
                    Leg(fund.expense_account, Decimal("1.00")),
                ],
                description="forged gift",
            ),
        )
        text = verify_ledger_fails()
        assert f"charity.no_fund_below_zero: fund #{fund.pk} holds" in text
        assert "donation FORGED0001 (99.00) does not match its ledger transaction" in text
        assert "donation FORGED0001's ledger transaction names another source" in text
        transaction.set_rollback(True)


def test_disbursements_that_do_not_tie_to_their_entries_are_listed(world) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.charity.models import DisbursementLine
    from cityplatform.charity.services import LineInput

    paid = pay(world, [LineInput(give(world, "100.00").fund, amount="40.00")])
    masks = give(world, "30.00", kind="goods", item="口罩", quantity="3", unit="只").fund
    given = pay(world, [LineInput(masks, quantity="1")], recipient="石亭镇")
    with transaction.atomic():
        # A line changed behind the services' back: the disbursement now says it paid
        # more than its ledger transaction charged the fund.
        DisbursementLine.objects.filter(disbursement=paid).update(amount=Decimal("45.00"))
        # Goods given beyond what the fund received.
        DisbursementLine.objects.filter(disbursement=given).update(quantity=Decimal("5"))
        text = verify_ledger_fails()
        assert f"disbursement #{paid.pk} pays 45.00 but its ledger transaction" in text
        assert "charges its funds 40.00" in text
        assert f"goods fund #{masks.pk} has given 2.00 more than it received" in text
        transaction.set_rollback(True)


def test_corrected_disbursements_pass_and_untied_ones_are_still_caught(world) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.charity.models import DisbursementLine
    from cityplatform.charity.services import LineInput, disbursement_correct

    fund = give(world, "100.00").fund
    withdrawn = pay(world, [LineInput(fund, amount="10.00")])
    wrong = pay(world, [LineInput(fund, amount="40.00")], recipient="石亭镇")
    disbursement_correct(actor=world.reviewer, disbursement=withdrawn, reason="重复拨付")
    note = disbursement_correct(
        actor=world.reviewer,
        disbursement=wrong,
        reason="金额录错",
        lines=[LineInput(fund, amount="30.00")],
    )
    out = io.StringIO()
    call_command("verify_ledger", stdout=out)
    assert "checks passed" in out.getvalue()

    replacement = note.replacement
    with transaction.atomic():
        # The re-posted disbursement's line changed behind the services' back.
        DisbursementLine.objects.filter(disbursement=replacement).update(amount=Decimal("35.00"))
        text = verify_ledger_fails()
        assert f"disbursement #{replacement.pk} pays 35.00 but its ledger transaction" in text
        assert "charges its funds 30.00" in text
        assert f"correction note #{note.pk} states -10.00 disbursed" in text
        transaction.set_rollback(True)
