"""A small charity world: 醴陵市慈善会 and 醴陵市红十字会 running one campaign, a clerk
(maker) and a reviewer (checker) of 醴陵, a reviewer of 天元区 (another jurisdiction).
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from cityplatform.charity.models import Campaign, Designation, Organisation
from cityplatform.charity.services import DonationInput, donation_record
from cityplatform.places.models import Place
from conftest import LILING, SHITING, TIANYUAN


@pytest.fixture
def world(make_user: Any) -> SimpleNamespace:
    liling = Place.objects.get(code=LILING)
    cishan = Organisation.objects.create(name="醴陵市慈善会", receipt_prefix="LLCS", place=liling)
    hongshizihui = Organisation.objects.create(
        name="醴陵市红十字会", receipt_prefix="LLHS", place=liling
    )
    campaign = Campaign.objects.create(
        name="抗击新冠肺炎疫情",
        start_date=date(2020, 1, 25),
        end_date=date(2020, 3, 18),
        is_emergency=True,
        place=liling,
    )
    campaign.organisations.set([cishan, hongshizihui])
    hospital = Designation.objects.create(
        campaign=campaign, purpose="醴陵市人民医院防疫物资", recipient="醴陵市人民医院"
    )
    shiting = Designation.objects.create(
        campaign=campaign, purpose="石亭镇疫情防控", place=Place.objects.get(code=SHITING)
    )
    return SimpleNamespace(
        campaign=campaign,
        cishan=cishan,
        hongshizihui=hongshizihui,
        hospital=hospital,
        shiting=shiting,
        clerk=make_user("clerk", roles=["charity_clerk"], place=LILING),
        reviewer=make_user("reviewer", roles=["charity_reviewer"], place=LILING),
        both=make_user("both", roles=["charity_clerk", "charity_reviewer"], place=LILING),
        outsider=make_user("outsider", roles=["charity_reviewer", "charity_clerk"], place=TIANYUAN),
    )


def give(world: SimpleNamespace, amount: str = "1000.00", **kwargs: Any) -> Any:
    values: dict[str, Any] = {
        "campaign": world.campaign,
        "organisation": world.cishan,
        "donor_kind": "enterprise",
        "donor_name": "醴陵农商银行",
        "amount": amount,
        "received_on": date(2020, 1, 30),
    }
    values.update(kwargs)
    return donation_record(actor=world.clerk, data=DonationInput(**values))


ZERO = Decimal("0.00")


def pay(world: SimpleNamespace, lines: list[Any], **kwargs: Any) -> Any:
    """A disbursement proposed by the clerk and approved by the reviewer."""
    from cityplatform.charity.services import disbursement_approve, disbursement_propose

    values: dict[str, Any] = {
        "actor": world.clerk,
        "campaign": world.campaign,
        "organisation": world.cishan,
        "recipient": "醴陵市人民医院",
        "purpose": "防疫物资",
        "lines": lines,
    }
    values.update(kwargs)
    return disbursement_approve(actor=world.reviewer, disbursement=disbursement_propose(**values))
