"""Funds and the ledger accounts behind them, opened on first use."""

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cityplatform.accounts.jurisdiction import place_visible_to
from cityplatform.charity.models import Campaign, Designation, Fund, Organisation
from cityplatform.charity.models.setup import FundKind
from cityplatform.core.errors import DomainError
from cityplatform.ledger.models import Account
from cityplatform.ledger.services import account_open

# Roles whose holders may act for an organisation (inside their jurisdiction).
CLERK_ROLE = "charity_clerk"
REVIEWER_ROLE = "charity_reviewer"


def require_staff(actor: Any, organisation: Organisation, *roles: str) -> None:
    """Refuse (403) an actor without one of the roles or outside the organisation's place.

    `actor=None` is the system itself (demo data, imports, benchmarks).
    """
    if actor is None:
        return
    allowed = getattr(actor, "is_superuser", False) or any(actor.has_role(r) for r in roles)
    if not allowed or not place_visible_to(actor, organisation.place_id):
        raise DomainError(
            "forbidden", _("You may not do this for %(org)s.") % {"org": organisation}, status=403
        )


def organisation_accounts(organisation: Organisation) -> tuple[Account, Account]:
    """The organisation's cash (money held) and goods (goods held, at valuation) accounts."""
    cash = account_open(
        code=f"charity.org.{organisation.pk}.cash",
        name=f"{organisation.name} 银行存款",
        kind=Account.Kind.ASSET,
        owner=organisation,
    )
    goods = account_open(
        code=f"charity.org.{organisation.pk}.goods",
        name=f"{organisation.name} 受赠物资",
        kind=Account.Kind.ASSET,
        owner=organisation,
    )
    return cash, goods


def _fund_key(
    campaign: Campaign,
    organisation: Organisation,
    kind: str,
    designation: Designation | None,
    item: str,
    unit: str,
) -> str:
    text = f"{campaign.pk}|{organisation.pk}|{kind}|{designation.pk if designation else 0}|{item}|{unit}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def fund_for(
    *,
    campaign: Campaign,
    organisation: Organisation,
    kind: str,
    designation: Designation | None = None,
    item: str = "",
    unit: str = "",
) -> Fund:
    """The fund these gifts go into, created with its ledger accounts if absent."""
    if kind == FundKind.MONEY:
        item = unit = ""
    lookup = {
        "campaign": campaign,
        "organisation": organisation,
        "kind": kind,
        "designation": designation,
        "item": item,
        "unit": unit,
    }
    fund = Fund.objects.filter(**lookup).first()
    if fund is not None:
        return fund
    key = _fund_key(campaign, organisation, kind, designation, item, unit)
    label = f"{campaign.name} · {organisation.name} · " + (
        f"{item}（{unit}）" if kind == FundKind.GOODS else "资金"
    )
    if designation is not None:
        label += f" · 定向：{designation}"
    try:
        with transaction.atomic():
            income = account_open(
                code=f"charity.fund.{key}.income",
                name=f"{label} 捐赠收入"[:200],
                kind=Account.Kind.INCOME,
            )
            expense = account_open(
                code=f"charity.fund.{key}.expense",
                name=f"{label} 拨付支出"[:200],
                kind=Account.Kind.EXPENSE,
            )
            fund = Fund.objects.create(**lookup, income_account=income, expense_account=expense)
            for account in (income, expense):
                account.owner_type, account.owner_id = "charity.fund", str(fund.pk)
                account.save(update_fields=["owner_type", "owner_id"])
            return fund
    except IntegrityError:
        # Opened at the same moment by another request: use theirs.
        return Fund.objects.get(**lookup)
