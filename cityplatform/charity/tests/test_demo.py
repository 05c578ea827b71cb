"""The demo builds the seed's figures from records; one more gift moves them."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from cityplatform.charity import demo
from cityplatform.charity.models import Campaign, Donation
from cityplatform.charity.services import DonationInput, donation_record
from cityplatform.ledger.checks import problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_campaign(places: None) -> Campaign:
    from cityplatform.accounts.roles import sync_roles

    sync_roles()
    demo.load(io.StringIO())
    return Campaign.objects.get(name=demo.CAMPAIGN)


def test_the_demo_shows_the_seed_figures(demo_campaign, client) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/charity/campaigns/{demo_campaign.pk}/summary").json()
    assert body["received_total"] == "2695600.00"
    assert body["directed_total"] == "634100.00"
    assert body["undirected_total"] == "2061500.00"
    assert Decimal(body["money"]["received_total"]) + Decimal(
        body["goods"]["received_total"]
    ) == Decimal("2695600.00")
    assert Decimal(body["disbursed_total"]) > 0
    assert Decimal(body["balance"]) == Decimal("2695600.00") - Decimal(body["disbursed_total"])
    named = dict(
        Donation.objects.filter(campaign=demo_campaign).values_list("donor__name", "amount")
    )
    assert named["醴陵农商银行"] == Decimal("500000.00")
    assert named["醴陵沃湘房地产开发有限公司"] == Decimal("1000000.00")
    assert named["湖南金龙百货公司党支部"] == Decimal("12200.00")
    assert named["石亭镇姑仙村村民"] == Decimal("21000.00")
    assert named["醴陵市防水协会负责人"] == Decimal("10000.00")
    assert list(problems()) == []

    page = client.get(f"/charity/campaigns/{demo_campaign.pk}/").content.decode()
    assert "2695600.00" in page
    assert "634100.00" in page


def test_figures_are_computed_so_one_more_gift_moves_them(demo_campaign, client) -> None:  # type: ignore[no-untyped-def]
    organisation = demo_campaign.organisations.get(name="醴陵市慈善会")
    donation_record(
        actor=None,
        data=DonationInput(
            campaign=demo_campaign,
            organisation=organisation,
            donor_kind="individual",
            donor_name="新捐赠人",
            amount="123.45",
            received_on=date(2020, 3, 1),
        ),
    )
    body = client.get(f"/api/charity/campaigns/{demo_campaign.pk}/summary").json()
    assert body["received_total"] == "2695723.45"
    assert body["undirected_total"] == "2061623.45"


def test_load_demo_twice_adds_nothing(demo_campaign) -> None:  # type: ignore[no-untyped-def]
    count = Donation.objects.count()
    call_command("load_demo", "charity", stdout=io.StringIO())
    demo.load(io.StringIO())
    assert Donation.objects.count() == count
