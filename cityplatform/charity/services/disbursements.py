"""Disbursements: proposed by one staff member, approved by another (maker–checker),
drawing on named funds under 专款专用:

- directed money or goods pay only for their own designated purpose;
- undirected money or goods pay for anything in their campaign;
- goods are given by quantity, valued at the fund's average value per unit;
- nothing is drawn beyond what a fund holds (checked on proposal, and decisively on
  approval with the funds' ledger accounts locked).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.charity.models import (
    Campaign,
    Designation,
    Disbursement,
    DisbursementLine,
    Fund,
    Organisation,
)
from cityplatform.charity.models.setup import FundKind
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.ledger.models import Account
from cityplatform.ledger.money import CENT, amount_parse
from cityplatform.ledger.services import Leg, Posting, transactions_post_many
from cityplatform.places.models import Place

from .funds import Available, funds_available, funds_lock
from .setup import CLERK_ROLE, REVIEWER_ROLE, organisation_accounts, require_staff

SOURCE = "charity.disbursement"
ZERO = Decimal("0.00")
Status = Disbursement.Status


@dataclass
class LineInput:
    fund: Fund | int
    amount: Any = None  # money funds
    quantity: Any = None  # goods funds


def _invalid(code: str, message: str, **details: Any) -> DomainError:
    return DomainError(code, message, status=422, **details)


def _funds(ids: Sequence[Any]) -> dict[int, Fund]:
    return {f.pk: f for f in Fund.objects.filter(pk__in=ids).select_related("designation")}


def _lines_check(
    *,
    campaign: Campaign,
    organisation: Organisation,
    designation: Designation | None,
    lines: Sequence[LineInput],
    known: dict[int, Fund] | None = None,
) -> list[DisbursementLine]:
    if not lines:
        raise _invalid("no_lines", _("Say which fund pays and how much."))
    ids = [line.fund.pk if isinstance(line.fund, Fund) else line.fund for line in lines]
    funds = known if known is not None and all(i in known for i in ids) else _funds(ids)
    checked = []
    seen = set()
    for index, (line, fund_id) in enumerate(zip(lines, ids, strict=True)):
        fund = funds.get(fund_id)
        if fund is None or fund.campaign_id != campaign.pk:
            raise _invalid(
                "unknown_fund",
                _("Fund %(fund)s does not exist in this campaign.") % {"fund": fund_id},
                index=index,
            )
        if fund.organisation_id != organisation.pk:
            raise _invalid(
                "fund_of_other_organisation",
                _("%(fund)s is held by another organisation.") % {"fund": fund},
                index=index,
            )
        if fund.pk in seen:
            raise _invalid("duplicate_fund", _("Name each fund once."), index=index)
        seen.add(fund.pk)
        if fund.designation_id is not None and fund.designation_id != (
            designation.pk if designation else None
        ):
            # 专款专用: directed gifts serve their own purpose only.
            raise DomainError(
                "directed_elsewhere",
                _(
                    "%(fund)s is directed to “%(purpose)s” and may pay only for that purpose "
                    "(专款专用)."
                )
                % {"fund": fund, "purpose": fund.designation},
                status=409,
                index=index,
            )
        if fund.kind == FundKind.MONEY:
            if line.quantity not in (None, ""):
                raise _invalid(
                    "money_has_no_quantity",
                    _("Money is given by amount, not quantity."),
                    index=index,
                )
            amount = amount_parse(line.amount, field="amount", positive=True)
            checked.append(DisbursementLine(fund=fund, amount=amount))
        else:
            if line.amount not in (None, ""):
                raise _invalid(
                    "goods_by_quantity",
                    _("Goods are given by quantity; their value follows from the fund."),
                    index=index,
                )
            quantity = amount_parse(line.quantity, field="quantity", positive=True)
            checked.append(DisbursementLine(fund=fund, quantity=quantity))
    return checked


def _shortfall(line: DisbursementLine, available: Available) -> DomainError | None:
    fund = line.fund
    if fund.kind == FundKind.MONEY:
        assert line.amount is not None
        if line.amount > available.amount:
            return DomainError(
                "overdraw",
                _("%(fund)s holds %(available)s yuan; %(amount)s yuan cannot be paid from it.")
                % {"fund": fund, "available": f"{available.amount:.2f}", "amount": line.amount},
                status=409,
                fund=fund.pk,
                available=f"{available.amount:.2f}",
            )
        return None
    assert line.quantity is not None
    assert available.quantity is not None
    if line.quantity > available.quantity:
        return DomainError(
            "overdraw",
            _("%(fund)s holds %(available)s %(unit)s; %(quantity)s cannot be given from it.")
            % {
                "fund": fund,
                "available": f"{available.quantity.normalize():f}",
                "unit": fund.unit,
                "quantity": f"{line.quantity.normalize():f}",
            },
            status=409,
            fund=fund.pk,
            available=f"{available.quantity:.2f}",
        )
    return None


def _goods_value(line: DisbursementLine, available: Available) -> Decimal:
    """The valuation drawn with a quantity: all that is left for the last units, else the
    fund's average value per unit (half up to the fen)."""
    assert line.quantity is not None
    assert available.quantity is not None
    if line.quantity == available.quantity:
        return available.amount
    value = (available.amount * line.quantity / available.quantity).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    if value <= 0:
        raise _invalid(
            "quantity_too_small", _("That quantity is worth less than one fen; give more.")
        )
    return value


def disbursement_propose(
    *,
    actor: Any,
    campaign: Campaign,
    organisation: Organisation,
    recipient: str,
    purpose: str,
    lines: Sequence[LineInput],
    designation: Designation | None = None,
    place: Place | None = None,
) -> Disbursement:
    """The maker's step: a proposal naming recipient, purpose and the funds that pay."""
    require_staff(actor, organisation, CLERK_ROLE)
    if actor is None:
        raise DomainError("forbidden", _("A proposal needs a staff member."), status=403)
    recipient, purpose = clean_text(recipient)[:200], clean_text(purpose)[:200]
    if not recipient or not purpose:
        raise _invalid("recipient_required", _("Name the recipient and the purpose."))
    if designation is not None and designation.campaign_id != campaign.pk:
        raise _invalid(
            "designation_not_in_campaign", _("That designated purpose belongs to another campaign.")
        )
    checked = _lines_check(
        campaign=campaign, organisation=organisation, designation=designation, lines=lines
    )
    available = funds_available(line.fund for line in checked)
    for line in checked:
        problem = _shortfall(line, available[line.fund.pk])
        if problem is not None:
            raise problem
    with transaction.atomic():
        disbursement = Disbursement.objects.create(
            campaign=campaign,
            organisation=organisation,
            recipient=recipient,
            purpose=purpose,
            designation=designation,
            place=place,
            proposed_by=actor,
            proposed_at=timezone.now(),
        )
        for line in checked:
            line.disbursement = disbursement
        DisbursementLine.objects.bulk_create(checked)
        audit_record(action=Action.CREATE, actor=actor, obj=disbursement)
    return disbursement


def _post(
    disbursement: Disbursement,
    lines: list[DisbursementLine],
    available: dict[int, Available],
    *,
    value_date: date,
    org_accounts: dict[int, tuple[Account, Account]] | None = None,
) -> Posting:
    """Check every line against what its fund holds and build the ledger posting."""
    org_accounts = {} if org_accounts is None else org_accounts
    if disbursement.organisation_id not in org_accounts:
        org_accounts[disbursement.organisation_id] = organisation_accounts(
            disbursement.organisation
        )
    cash, goods = org_accounts[disbursement.organisation_id]
    legs = []
    for line in lines:
        funds_left = available[line.fund_id]
        problem = _shortfall(line, funds_left)
        if problem is not None:
            raise problem
        if line.fund.kind == FundKind.GOODS:
            line.amount = _goods_value(line, funds_left)
            available[line.fund_id] = Available(
                funds_left.amount - line.amount,
                (funds_left.quantity or ZERO) - (line.quantity or ZERO),
            )
        else:
            assert line.amount is not None
            available[line.fund_id] = Available(funds_left.amount - line.amount, None)
        asset = cash if line.fund.kind == FundKind.MONEY else goods
        legs += [Leg(line.fund.expense_account, line.amount), Leg(asset, -line.amount)]
    return Posting(
        legs=legs,
        description=f"拨付 #{disbursement.pk} {disbursement.recipient}",
        value_date=value_date,
        source=SOURCE,
        reference=str(disbursement.pk),
    )


def disbursement_approve(*, actor: Any, disbursement: Disbursement, note: str = "") -> Disbursement:
    """The checker's step: approve, and pay from the funds on the ledger.

    Refused if the checker proposed it (nobody approves their own), if it was already
    decided, or if a fund no longer holds enough: two approvals racing for a fund's
    last yuan queue on the fund's account locks, and the second sees the first's
    payment.
    """
    require_staff(actor, disbursement.organisation, REVIEWER_ROLE)
    if actor is None:
        raise DomainError("forbidden", _("An approval needs a staff member."), status=403)
    with transaction.atomic():
        locked = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if locked.proposed_by_id == actor.pk:
            raise DomainError(
                "self_approval",
                _("You proposed this disbursement: another staff member must approve it."),
                status=403,
            )
        if locked.status != Status.PROPOSED:
            raise DomainError(
                "already_decided",
                _("This disbursement was already %(status)s.")
                % {"status": Status(locked.status).label},
                status=409,
            )
        lines = list(locked.lines.select_related("fund", "fund__designation").order_by("fund_id"))
        funds = [line.fund for line in lines]
        funds_lock(funds)
        posting = _post(locked, lines, funds_available(funds), value_date=timezone.localdate())
        (txn,) = transactions_post_many([posting], posted_by=actor)
        for line in lines:
            if line.fund.kind == FundKind.GOODS:
                line.save(update_fields=["amount"])
        locked.status = Status.APPROVED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = clean_text(note)[:200]
        locked.ledger_transaction = txn
        locked.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "decision_note",
                "ledger_transaction",
            ]
        )
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"status": Status.APPROVED}
        )
    return locked


def disbursement_reject(*, actor: Any, disbursement: Disbursement, note: str) -> Disbursement:
    require_staff(actor, disbursement.organisation, REVIEWER_ROLE)
    if actor is None:
        raise DomainError("forbidden", _("A decision needs a staff member."), status=403)
    note = clean_text(note)[:200]
    if not note:
        raise _invalid("reason_required", _("Say why the disbursement is rejected."))
    with transaction.atomic():
        locked = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if locked.proposed_by_id == actor.pk:
            raise DomainError(
                "self_approval",
                _("You proposed this disbursement: another staff member must decide on it."),
                status=403,
            )
        if locked.status != Status.PROPOSED:
            raise DomainError(
                "already_decided", _("This disbursement was already decided."), status=409
            )
        locked.status = Status.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"status": Status.REJECTED}
        )
    return locked
