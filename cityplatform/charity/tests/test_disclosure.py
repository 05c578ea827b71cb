from datetime import date
from decimal import Decimal

import pytest

from cityplatform.charity.models import CorrectionNote
from cityplatform.charity.selectors.public import donation_trace
from cityplatform.charity.selectors.schedule import add_months, disclosure_duties
from cityplatform.charity.selectors.summary import campaign_summary
from cityplatform.charity.services import (
    LineInput,
    disbursement_approve,
    disbursement_propose,
    disclosure_publish,
    donation_correct,
)
from cityplatform.core.errors import DomainError
from cityplatform.ledger.checks import problems

from .conftest import give, pay

pytestmark = pytest.mark.django_db


def test_add_months_keeps_month_ends() -> None:
    assert add_months(date(2020, 11, 30), 3) == date(2021, 2, 28)
    assert add_months(date(2020, 3, 18), 3) == date(2020, 6, 18)


def test_duties_of_an_emergency_campaign(world) -> None:  # type: ignore[no-untyped-def]
    duties = {d.kind: d for d in disclosure_duties(world.campaign, today=date(2020, 5, 1))}
    assert duties["live"].status == "live"
    assert duties["final"].due_on == date(2020, 6, 18)
    assert duties["final"].status == "upcoming"
    assert "interim" not in duties  # the campaign ended before an interim fell due
    assert disclosure_duties(world.campaign, today=date(2020, 6, 10))[-1].status == "due"
    assert disclosure_duties(world.campaign, today=date(2020, 7, 1))[-1].status == "overdue"


def test_a_running_campaign_owes_an_interim_disclosure(world) -> None:  # type: ignore[no-untyped-def]
    world.campaign.end_date = None
    world.campaign.save()
    (interim,) = [
        d for d in disclosure_duties(world.campaign, today=date(2020, 5, 1)) if d.kind == "interim"
    ]
    assert (interim.due_on, interim.status) == (date(2020, 4, 25), "overdue")
    disclosure_publish(actor=world.reviewer, campaign=world.campaign, kind="interim")
    (interim,) = [d for d in disclosure_duties(world.campaign) if d.kind == "interim"]
    assert interim.status == "upcoming"


def test_published_figures_stay_and_a_correction_is_a_dated_note(world) -> None:  # type: ignore[no-untyped-def]
    keep = give(world, "1000.00")
    wrong = give(world, "200.00", donor_name="录入错误")
    publication = disclosure_publish(actor=world.reviewer, campaign=world.campaign, kind="final")
    assert publication.figures["received_total"] == "1200.00"
    with pytest.raises(DomainError) as exc:
        disclosure_publish(actor=world.reviewer, campaign=world.campaign, kind="final")
    assert exc.value.code == "final_exists"

    note = donation_correct(actor=world.reviewer, donation=wrong, reason="重复录入")
    assert note.received_change == Decimal("-200.00")
    assert campaign_summary(world.campaign).total.received == Decimal("1000.00")
    publication.refresh_from_db()
    assert publication.figures["received_total"] == "1200.00"  # as published
    with pytest.raises(DomainError) as exc:
        donation_correct(actor=world.reviewer, donation=wrong, reason="again")
    assert exc.value.code == "already_corrected"
    assert CorrectionNote.objects.count() == 1
    assert keep.pk
    assert list(problems()) == []


def test_a_disbursed_gift_cannot_be_withdrawn(world) -> None:  # type: ignore[no-untyped-def]
    gift = give(world, "100.00")
    proposal = disbursement_propose(
        actor=world.clerk,
        campaign=world.campaign,
        organisation=world.cishan,
        recipient="x",
        purpose="y",
        lines=[LineInput(gift.fund, amount="50.00")],
    )
    disbursement_approve(actor=world.reviewer, disbursement=proposal)
    with pytest.raises(DomainError) as exc:
        donation_correct(actor=world.reviewer, donation=gift, reason="错误")
    assert exc.value.code == "already_disbursed"


def test_directed_gifts_are_traced_first_in_first_out(world) -> None:  # type: ignore[no-untyped-def]
    first = give(world, "100.00", designation=world.hospital, received_on=date(2020, 1, 28))
    second = give(world, "100.00", designation=world.hospital, received_on=date(2020, 1, 29))
    fund = first.fund
    for amount in ("80.00", "70.00"):
        proposal = disbursement_propose(
            actor=world.clerk,
            campaign=world.campaign,
            organisation=world.cishan,
            recipient="醴陵市人民医院",
            purpose="防护服",
            designation=world.hospital,
            lines=[LineInput(fund, amount=amount)],
        )
        disbursement_approve(actor=world.reviewer, disbursement=proposal)
    assert [s.amount for s in donation_trace(first)] == [Decimal("80.00"), Decimal("20.00")]
    assert [s.amount for s in donation_trace(second)] == [Decimal("50.00")]


def test_the_charts_series_follow_the_records(world) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from cityplatform.charity.charts import over_time_options
    from cityplatform.charity.selectors.public import daily_series

    give(world, "100.00", received_on=date(2020, 1, 28))
    give(
        world,
        "50.00",
        kind="goods",
        item="口罩",
        quantity="10",
        unit="只",
        received_on=date(2020, 1, 28),
    )
    late = give(world, "30.00", received_on=date(2020, 2, 3))
    wrong = give(world, "999.00", received_on=date(2020, 2, 3))
    donation_correct(actor=world.reviewer, donation=wrong, reason="录入错误")
    paid = pay(world, [LineInput(late.fund, amount="70.00")])
    series = daily_series(world.campaign)
    paid_on = timezone.localtime(paid.decided_at).date().isoformat()
    assert series["days"][:2] == ["2020-01-28", "2020-02-03"]
    assert series["money"][:2] == [Decimal("100.00"), Decimal("30.00")]  # withdrawn: left out
    assert series["goods"][:2] == [Decimal("50.00"), Decimal("0.00")]
    assert series["days"][-1] == paid_on
    assert series["disbursed"][-1] == Decimal("70.00")
    cumulative = over_time_options(world.campaign)["cumulative"]["series"]
    assert [s["data"][-1] for s in cumulative] == ["180.00", "70.00"]
