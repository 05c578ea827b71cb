from datetime import date
from decimal import Decimal

import pytest

from cityplatform.charity.models import Donation, Donor
from cityplatform.charity.selectors.summary import campaign_summary
from cityplatform.core.errors import DomainError
from cityplatform.ledger.checks import problems
from cityplatform.ledger.models import Transaction
from cityplatform.ledger.selectors import balance

from .conftest import give

pytestmark = pytest.mark.django_db


def test_a_money_donation_posts_to_the_ledger_and_gets_a_receipt(world) -> None:  # type: ignore[no-untyped-def]
    donation = give(world, "500000.00", credit_code="91430281MA4L1BJ450")
    assert donation.receipt_number == "LLCS2020000001"
    assert give(world, "1.00").receipt_number == "LLCS2020000002"
    assert give(world, "1.00", organisation=world.hongshizihui).receipt_number == "LLHS2020000001"
    txn = donation.ledger_transaction
    assert (txn.source, txn.reference) == ("charity.donation", "LLCS2020000001")
    assert balance(donation.fund.income_account) == Decimal("-500001.00")
    # The same enterprise (by credit code) is one donor.
    again = give(world, "2.00", credit_code="91430281MA4L1BJ450", donor_name="农商行")
    assert again.donor_id == donation.donor_id
    assert list(problems()) == []


def test_goods_and_directed_gifts_go_to_their_own_funds(world) -> None:  # type: ignore[no-untyped-def]
    masks = give(
        world,
        "6000.00",
        kind="goods",
        item="口罩",
        quantity="2000",
        unit="只",
        designation=world.hospital,
    )
    money = give(world, "100.00")
    directed = give(world, "50.00", designation=world.hospital)
    assert len({masks.fund_id, money.fund_id, directed.fund_id}) == 3
    assert masks.fund.item == "口罩"
    assert masks.fund.is_directed
    summary = campaign_summary(world.campaign)
    assert summary.total.received == Decimal("6150.00")
    assert summary.total.directed == Decimal("6050.00")
    assert summary.goods.received == Decimal("6000.00")
    assert summary.money.undirected == Decimal("100.00")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"amount": "0"}, "amount_not_positive"),
        ({"amount": "-5.00"}, "amount_not_positive"),
        ({"amount": "10.001"}, "too_many_decimals"),
        ({"amount": "十元"}, "invalid_amount"),
        ({"credit_code": "91430281MA4L1BJ45X"}, "invalid_credit_code"),
        ({"donor_kind": "individual", "id_number": "430281199001011230"}, "invalid_id_number"),
        ({"donor_name": ""}, "donor_name_required"),
        ({"kind": "goods", "item": "", "quantity": "1", "unit": "只"}, "goods_item_required"),
        ({"kind": "goods", "item": "口罩", "quantity": "0", "unit": "只"}, "amount_not_positive"),
        ({"item": "口罩"}, "money_has_no_quantity"),
        ({"received_on": date(2019, 12, 31)}, "received_before_campaign"),
        ({"received_on": date(2099, 1, 1)}, "received_in_future"),
    ],
)
def test_bad_donations_are_refused_and_nothing_is_written(world, overrides, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        give(world, **overrides)
    assert exc.value.code == code
    assert exc.value.status == 422
    assert Donation.objects.count() == 0
    assert Transaction.objects.count() == 0
    assert Donor.objects.count() == 0


def test_id_numbers_are_kept_masked_only(world) -> None:  # type: ignore[no-untyped-def]
    donation = give(
        world, donor_kind="individual", donor_name="张三", id_number="11010519491231002X"
    )
    donor = donation.donor
    assert donor.id_number_masked == "110105********002X"
    assert "19491231" not in str(Donor.objects.filter(pk=donor.pk).values().get())


def test_anonymous_donors_and_withheld_names_show_as_anonymous(world) -> None:  # type: ignore[no-untyped-def]
    anonymous = give(world, donor_kind="anonymous", donor_name="should be dropped")
    withheld = give(world, donor_kind="individual", donor_name="李四", publish_name=False)
    assert anonymous.donor.name == ""
    assert anonymous.public_donor_name == withheld.public_donor_name == "匿名"


def test_staff_outside_the_jurisdiction_cannot_record(world) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.charity.services import DonationInput, donation_record

    with pytest.raises(DomainError) as exc:
        donation_record(
            actor=world.outsider,
            data=DonationInput(
                campaign=world.campaign,
                organisation=world.cishan,
                donor_kind="anonymous",
                amount="1.00",
                received_on=date(2020, 2, 1),
            ),
        )
    assert exc.value.status == 403
