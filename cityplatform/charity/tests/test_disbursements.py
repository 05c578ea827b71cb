from decimal import Decimal

import pytest

from cityplatform.charity.models import Disbursement, DisbursementLine
from cityplatform.charity.selectors.summary import campaign_summary
from cityplatform.charity.services import (
    LineInput,
    disbursement_approve,
    disbursement_propose,
    disbursement_reject,
)
from cityplatform.charity.services.funds import funds_available
from cityplatform.core.errors import DomainError
from cityplatform.ledger.checks import problems
from cityplatform.ledger.models import Transaction

from .conftest import give

pytestmark = pytest.mark.django_db


def propose(world, lines, **kwargs):  # type: ignore[no-untyped-def]
    values = {
        "actor": world.clerk,
        "campaign": world.campaign,
        "organisation": world.cishan,
        "recipient": "醴陵市人民医院",
        "purpose": "采购防护服",
        "lines": lines,
    }
    values.update(kwargs)
    return disbursement_propose(**values)


def test_maker_proposes_checker_approves_and_the_ledger_pays(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "1000.00").fund
    proposal = propose(world, [LineInput(fund, amount="400.00")])
    assert proposal.status == "proposed"
    approved = disbursement_approve(actor=world.reviewer, disbursement=proposal)
    assert approved.status == "approved"
    assert approved.decided_by == world.reviewer
    assert funds_available([fund])[fund.pk].amount == Decimal("600.00")
    summary = campaign_summary(world.campaign)
    assert summary.total.disbursed == Decimal("400.00")
    assert summary.total.balance == Decimal("600.00")
    assert list(problems()) == []


def test_nobody_approves_their_own_proposal(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "1000.00").fund
    proposal = propose(world, [LineInput(fund, amount="1.00")], actor=world.both)
    for decide in (
        lambda: disbursement_approve(actor=world.both, disbursement=proposal),
        lambda: disbursement_reject(actor=world.both, disbursement=proposal, note="no"),
    ):
        with pytest.raises(DomainError) as exc:
            decide()
        assert exc.value.code == "self_approval"
        assert exc.value.status == 403
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert not Transaction.objects.filter(source="charity.disbursement").exists()


def test_a_clerk_cannot_approve_and_a_decision_is_final(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "10.00").fund
    proposal = propose(world, [LineInput(fund, amount="1.00")])
    with pytest.raises(DomainError) as exc:
        disbursement_approve(actor=world.clerk, disbursement=proposal)
    assert exc.value.status == 403
    disbursement_reject(actor=world.reviewer, disbursement=proposal, note="预算不符")
    with pytest.raises(DomainError) as exc:
        disbursement_approve(actor=world.both, disbursement=proposal)
    assert exc.value.code == "already_decided"


def test_overdraw_is_refused_with_the_reason(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "100.00").fund
    with pytest.raises(DomainError) as exc:
        propose(world, [LineInput(fund, amount="100.01")])
    assert exc.value.code == "overdraw"
    assert "100.00" in exc.value.message
    assert not Disbursement.objects.exists()
    assert not DisbursementLine.objects.exists()
    # Two proposals that fit one at a time: the second approval is refused.
    first = propose(world, [LineInput(fund, amount="60.00")])
    second = propose(world, [LineInput(fund, amount="60.00")])
    disbursement_approve(actor=world.reviewer, disbursement=first)
    with pytest.raises(DomainError) as exc:
        disbursement_approve(actor=world.reviewer, disbursement=second)
    assert exc.value.code == "overdraw"
    assert "40.00" in exc.value.message
    second.refresh_from_db()
    assert second.status == "proposed"
    assert second.ledger_transaction is None


def test_directed_money_pays_only_its_purpose(world) -> None:  # type: ignore[no-untyped-def]
    directed = give(world, "500.00", designation=world.hospital).fund
    undirected = give(world, "500.00").fund
    with pytest.raises(DomainError) as exc:
        propose(world, [LineInput(directed, amount="10.00")], designation=world.shiting)
    assert exc.value.code == "directed_elsewhere"
    assert "专款专用" in exc.value.message
    with pytest.raises(DomainError):
        propose(world, [LineInput(directed, amount="10.00")])  # no designation at all
    # For the hospital's purpose both directed and undirected money may pay.
    ok = propose(
        world,
        [LineInput(directed, amount="500.00"), LineInput(undirected, amount="20.00")],
        designation=world.hospital,
    )
    disbursement_approve(actor=world.reviewer, disbursement=ok)
    assert funds_available([directed])[directed.pk].amount == 0


def test_goods_are_given_by_quantity_at_average_value(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "1000.00", kind="goods", item="口罩", quantity="3", unit="只").fund
    one = propose(world, [LineInput(fund, quantity="1")])
    disbursement_approve(actor=world.reviewer, disbursement=one)
    line = DisbursementLine.objects.get(disbursement=one)
    assert line.amount == Decimal("333.33")
    with pytest.raises(DomainError) as exc:
        propose(world, [LineInput(fund, quantity="3")])
    assert exc.value.code == "overdraw"
    with pytest.raises(DomainError) as exc:
        propose(world, [LineInput(fund, amount="5.00")])
    assert exc.value.code == "goods_by_quantity"
    rest = propose(world, [LineInput(fund, quantity="2")])
    disbursement_approve(actor=world.reviewer, disbursement=rest)
    left = funds_available([fund])[fund.pk]
    assert (left.amount, left.quantity) == (Decimal("0.00"), Decimal("0.00"))
    assert list(problems()) == []


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ({"fund": 999999, "amount": "1.00"}, "unknown_fund"),
        ({"amount": "0"}, "amount_not_positive"),
        ({"amount": "-1"}, "amount_not_positive"),
        ({"amount": "1.234"}, "too_many_decimals"),
        ({"quantity": "1"}, "money_has_no_quantity"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(world, line, code) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "100.00").fund
    line.setdefault("fund", fund)
    with pytest.raises(DomainError) as exc:
        propose(world, [LineInput(**line)])
    assert exc.value.code == code
    assert Disbursement.objects.count() == 0
    assert DisbursementLine.objects.count() == 0


def test_a_fund_of_another_organisation_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    fund = give(world, "100.00", organisation=world.hongshizihui).fund
    with pytest.raises(DomainError) as exc:
        propose(world, [LineInput(fund, amount="1.00")])
    assert exc.value.code == "fund_of_other_organisation"


def test_a_fund_of_another_campaign_is_unknown_here(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from cityplatform.charity.models import Campaign

    flood = Campaign.objects.create(
        name="防汛救灾", start_date=date(2020, 6, 1), place=world.campaign.place
    )
    flood.organisations.set([world.cishan])
    fund = give(world, "100.00").fund
    # Undirected money serves anything in its own campaign, nothing in another.
    with pytest.raises(DomainError) as exc:
        propose(world, [LineInput(fund, amount="1.00")], campaign=flood)
    assert exc.value.code == "unknown_fund"
    assert exc.value.message
    assert not Disbursement.objects.exists()
