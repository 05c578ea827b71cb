"""Two approvals racing for the last yuan of one fund: exactly one pays."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from cityplatform.charity.models import Disbursement
from cityplatform.charity.services import LineInput, disbursement_approve, disbursement_propose
from cityplatform.charity.services.funds import funds_available
from cityplatform.core.errors import DomainError
from cityplatform.ledger.checks import problems

from .conftest import give


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_approvals_never_both_draw_the_last_yuan(world, make_user) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    second_reviewer = make_user("reviewer2", roles=["charity_reviewer"], place="430281000000")
    fund = give(world, "100.00").fund
    # Each proposal fits on its own; together they would overdraw the fund by 99.99.
    proposals = [
        disbursement_propose(
            actor=world.clerk,
            campaign=world.campaign,
            organisation=world.cishan,
            recipient=f"recipient {n}",
            purpose="last yuan",
            lines=[LineInput(fund, amount="100.00")],
        )
        for n in range(2)
    ]
    barrier = threading.Barrier(2)
    results: list[object] = []

    def approve(reviewer, proposal) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            disbursement_approve(actor=reviewer, disbursement=proposal)
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=(reviewer, proposal))
        for reviewer, proposal in zip((world.reviewer, second_reviewer), proposals, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == ["ok", "overdraw"]
    assert Disbursement.objects.filter(status="approved").count() == 1
    assert funds_available([fund])[fund.pk].amount == Decimal("0.00")
    assert list(problems()) == []


def _race(*calls) -> list[object]:  # type: ignore[no-untyped-def]
    """Run the calls at the same moment, each in its own connection; their outcomes."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []

    def run(call) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            call()
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results, key=str)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_correction_and_an_approval_racing_for_a_fund_never_overdraw_it(world, make_user) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.charity.models import CorrectionNote
    from cityplatform.charity.services import disbursement_correct

    from .conftest import pay

    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel transactions (PostgreSQL)")
    second_reviewer = make_user("reviewer2", roles=["charity_reviewer"], place="430281000000")
    fund = give(world, "100.00").fund
    paid = pay(world, [LineInput(fund, amount="40.00")])
    waiting = disbursement_propose(
        actor=world.clerk,
        campaign=world.campaign,
        organisation=world.cishan,
        recipient="石亭镇",
        purpose="last yuan",
        lines=[LineInput(fund, amount="60.00")],
    )
    # Either fits on its own; both together would draw 110.00 from 100.00.
    outcomes = _race(
        lambda: disbursement_correct(
            actor=world.reviewer,
            disbursement=paid,
            reason="金额录错",
            lines=[LineInput(fund, amount="50.00")],
        ),
        lambda: disbursement_approve(actor=second_reviewer, disbursement=waiting),
    )
    assert outcomes == ["ok", "overdraw"]
    assert funds_available([fund])[fund.pk].amount >= Decimal("0.00")
    assert list(problems()) == []

    # Two reviewers correcting the same disbursement: one note, one reversal.
    target = Disbursement.objects.filter(status="approved", correction__isnull=True).first()
    assert target is not None
    outcomes = _race(
        lambda: disbursement_correct(actor=world.reviewer, disbursement=target, reason="a"),
        lambda: disbursement_correct(actor=second_reviewer, disbursement=target, reason="b"),
    )
    assert outcomes == ["already_corrected", "ok"]
    assert CorrectionNote.objects.filter(disbursement=target).count() == 1
    assert list(problems()) == []
