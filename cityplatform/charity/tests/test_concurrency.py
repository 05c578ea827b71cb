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
