"""Correcting an approved disbursement: reversed on the ledger (never edited), re-posted
with the right amounts if given, under the same rules as any disbursement."""

from decimal import Decimal

import pytest

from cityplatform.charity.models import CorrectionNote, Disbursement
from cityplatform.charity.selectors.summary import campaign_summary
from cityplatform.charity.services import (
    LineInput,
    disbursement_correct,
    disbursement_propose,
)
from cityplatform.charity.services.funds import funds_available
from cityplatform.core.errors import DomainError
from cityplatform.ledger.checks import problems
from cityplatform.ledger.models import Entry, Transaction

from .conftest import give, pay

pytestmark = pytest.mark.django_db


def disbursed(world) -> Decimal:  # type: ignore[no-untyped-def]
    return campaign_summary(world.campaign).total.disbursed


def test_withdrawing_gives_the_funds_back_and_keeps_the_entries(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "100.00").fund
    paid = pay(world, [LineInput(fund, amount="40.00")])
    posted = list(
        Entry.objects.filter(transaction=paid.ledger_transaction).values_list("pk", "amount")
    )

    note = disbursement_correct(actor=world.reviewer, disbursement=paid, reason="重复拨付")

    assert note.disbursement == paid
    assert note.donation is None
    assert note.disbursed_change == Decimal("-40.00")
    assert note.reversal.reverses_id == paid.ledger_transaction_id
    assert not hasattr(note, "replacement")
    # Append-only: the posted entries are untouched, a mirrored transaction undoes them.
    assert (
        list(Entry.objects.filter(transaction=paid.ledger_transaction).values_list("pk", "amount"))
        == posted
    )
    assert sorted(note.reversal.entries.values_list("amount", flat=True)) == [
        Decimal("-40.00"),
        Decimal("40.00"),
    ]
    paid.refresh_from_db()
    assert paid.status == "approved"  # still listed, beside its note
    assert funds_available([fund])[fund.pk].amount == Decimal("100.00")
    assert disbursed(world) == Decimal("0.00")
    assert list(problems()) == []


def test_the_right_amount_is_re_posted_in_its_place(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "100.00").fund
    paid = pay(world, [LineInput(fund, amount="40.00")])

    note = disbursement_correct(
        actor=world.reviewer,
        disbursement=paid,
        reason="金额录错",
        lines=[LineInput(fund, amount="30.00")],
    )

    replacement = note.replacement
    assert replacement.status == "approved"
    assert replacement.from_correction == note
    assert (replacement.recipient, replacement.purpose) == (paid.recipient, paid.purpose)
    assert replacement.proposed_by == world.clerk
    assert replacement.decided_by == world.reviewer
    assert [line.amount for line in replacement.lines.all()] == [Decimal("30.00")]
    txn = Transaction.objects.get(pk=replacement.ledger_transaction_id)
    assert txn.reverses_id is None
    assert txn.source == "charity.disbursement"
    assert note.disbursed_change == Decimal("-10.00")
    assert funds_available([fund])[fund.pk].amount == Decimal("70.00")
    assert disbursed(world) == Decimal("30.00")
    assert list(problems()) == []

    # A re-posted disbursement is an ordinary one: it can be corrected in turn.
    again = disbursement_correct(
        actor=world.reviewer, disbursement=replacement, reason="仍有误", purpose="采购口罩"
    )
    assert again.replacement.purpose == "采购口罩"
    assert again.disbursed_change == Decimal("0.00")
    assert disbursed(world) == Decimal("30.00")
    assert list(problems()) == []


def test_a_correction_that_would_overdraw_is_refused_and_leaves_nothing(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "100.00").fund
    first = pay(world, [LineInput(fund, amount="40.00")])
    pay(world, [LineInput(fund, amount="50.00")], recipient="石亭镇")
    transactions = Transaction.objects.count()

    with pytest.raises(DomainError) as exc:
        # Reversing the first gives back 40.00: the fund would hold 50.00, not 60.00.
        disbursement_correct(
            actor=world.reviewer,
            disbursement=first,
            reason="金额录错",
            lines=[LineInput(fund, amount="60.00")],
        )
    assert exc.value.code == "overdraw"
    assert exc.value.status == 409
    assert "50.00" in exc.value.message
    assert "60.00" in exc.value.message
    assert Transaction.objects.count() == transactions
    assert CorrectionNote.objects.count() == 0
    assert Disbursement.objects.count() == 2
    assert disbursed(world) == Decimal("90.00")


def test_directed_funds_still_pay_only_their_own_purpose(world) -> None:  # type: ignore[no-untyped-def]
    undirected = give(world, "100.00").fund
    directed = give(world, "100.00", designation=world.hospital).fund
    paid = pay(world, [LineInput(undirected, amount="40.00")])
    with pytest.raises(DomainError) as exc:
        disbursement_correct(
            actor=world.reviewer,
            disbursement=paid,
            reason="应由定向款支付",
            lines=[LineInput(directed, amount="40.00")],
        )
    assert exc.value.code == "directed_elsewhere"
    assert "专款专用" in exc.value.message
    assert CorrectionNote.objects.count() == 0


def test_goods_are_given_back_by_quantity_and_re_valued(world) -> None:  # type: ignore[no-untyped-def]
    masks = give(world, "30.00", kind="goods", item="口罩", quantity="3", unit="只").fund
    given = pay(world, [LineInput(masks, quantity="2")])
    assert [line.amount for line in given.lines.all()] == [Decimal("20.00")]

    note = disbursement_correct(
        actor=world.reviewer,
        disbursement=given,
        reason="实发一只",
        lines=[LineInput(masks, quantity="1")],
    )

    assert [line.amount for line in note.replacement.lines.all()] == [Decimal("10.00")]
    assert note.disbursed_change == Decimal("-10.00")
    held = funds_available([masks])[masks.pk]
    assert (held.amount, held.quantity) == (Decimal("20.00"), Decimal("2.00"))
    assert list(problems()) == []


def test_who_may_correct_and_what(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "100.00").fund
    paid = pay(world, [LineInput(fund, amount="40.00")])
    for actor in (world.clerk, world.outsider):
        with pytest.raises(DomainError) as exc:
            disbursement_correct(actor=actor, disbursement=paid, reason="x")
        assert (exc.value.code, exc.value.status) == ("forbidden", 403)
    own = pay(world, [LineInput(fund, amount="10.00")], actor=world.both)
    with pytest.raises(DomainError) as exc:
        disbursement_correct(actor=world.both, disbursement=own, reason="x")
    assert (exc.value.code, exc.value.status) == ("self_approval", 403)
    proposal = disbursement_propose(
        actor=world.clerk,
        campaign=world.campaign,
        organisation=world.cishan,
        recipient="醴陵市人民医院",
        purpose="防疫物资",
        lines=[LineInput(fund, amount="1.00")],
    )
    with pytest.raises(DomainError) as exc:
        disbursement_correct(actor=world.reviewer, disbursement=proposal, reason="x")
    assert (exc.value.code, exc.value.status) == ("not_approved", 409)
    with pytest.raises(DomainError) as exc:
        disbursement_correct(actor=world.reviewer, disbursement=paid, reason="  ")
    assert exc.value.code == "reason_required"
    with pytest.raises(DomainError) as exc:
        disbursement_correct(
            actor=world.reviewer,
            disbursement=paid,
            reason="x",
            lines=[LineInput(fund, amount="40.00")],
        )
    assert exc.value.code == "nothing_to_correct"
    assert CorrectionNote.objects.count() == 0

    disbursement_correct(actor=world.reviewer, disbursement=paid, reason="重复拨付")
    with pytest.raises(DomainError) as exc:
        disbursement_correct(actor=world.reviewer, disbursement=paid, reason="再次")
    assert (exc.value.code, exc.value.status) == ("already_corrected", 409)


def test_a_note_points_at_exactly_one_record(world) -> None:  # type: ignore[no-untyped-def]
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    fund = give(world, "100.00").fund
    paid = pay(world, [LineInput(fund, amount="40.00")])
    note = disbursement_correct(actor=world.reviewer, disbursement=paid, reason="重复拨付")
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectionNote.objects.create(
            campaign=world.campaign,
            created_at=timezone.now(),
            reason="neither",
            reversal=Transaction.objects.create(description="x"),
        )
    assert CorrectionNote.objects.get() == note
