"""Recording donations: one at a time (staff) or in bulk (imports, demo, benchmarks)."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from cityplatform.audit.services import Action, audit_record
from cityplatform.charity.models import (
    Campaign,
    Designation,
    Donation,
    Donor,
    Fund,
    Organisation,
    ReceiptCounter,
)
from cityplatform.charity.models.setup import FundKind
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text, normalize_credit_code
from cityplatform.ledger.money import amount_parse
from cityplatform.ledger.services import Leg, Posting, transactions_post_many

from .setup import CLERK_ROLE, fund_for, organisation_accounts, require_staff

SOURCE = "charity.donation"


@dataclass
class DonationInput:
    """One gift as staff or an import file gives it; everything is checked on recording."""

    campaign: Campaign
    organisation: Organisation
    donor_kind: str
    amount: Any  # money given, or the goods' valuation
    donor_name: str = ""
    credit_code: str = ""
    id_number: str = ""
    publish_name: bool = True
    kind: str = FundKind.MONEY
    item: str = ""
    quantity: Any = None
    unit: str = ""
    designation: Designation | None = None
    received_on: date | None = None
    note: str = ""
    # For historic imports: when it was first recorded (default: now).
    recorded_at: datetime | None = None


@dataclass
class _Checked:
    data: DonationInput
    amount: Decimal
    quantity: Decimal | None
    item: str
    unit: str
    received_on: date
    donor_name: str
    credit_code: str
    id_masked: str
    id_digest: str


def _invalid(code: str, message: str, field: str) -> DomainError:
    return DomainError(code, message, status=422, field=field)


def id_number_check(value: str) -> tuple[str, str]:
    """(masked, digest) of a resident ID number, or DomainError if it is not valid."""
    try:
        number = ric.validate(clean_text(value).upper())
    except StdnumError:
        raise _invalid(
            "invalid_id_number", _("The ID number is not a valid resident ID number."), "id_number"
        ) from None
    masked = f"{number[:6]}********{number[-4:]}"
    digest = salted_hmac("charity.donor.id_number", number).hexdigest()
    return masked, digest


def _check(data: DonationInput, today: date, participants: dict[int, set[int]]) -> _Checked:
    campaign, organisation = data.campaign, data.organisation
    if campaign.pk not in participants:
        participants[campaign.pk] = set(campaign.organisations.values_list("pk", flat=True))
    if organisation.pk not in participants[campaign.pk]:
        raise _invalid(
            "organisation_not_in_campaign",
            _("%(org)s does not take part in this campaign.") % {"org": organisation},
            "organisation",
        )
    if data.donor_kind not in Donor.Kind.values:
        raise _invalid("invalid_donor_kind", _("Choose the kind of donor."), "donor_kind")
    name = clean_text(data.donor_name)[:100]
    if data.donor_kind == Donor.Kind.ANONYMOUS:
        name = ""
    elif not name:
        raise _invalid("donor_name_required", _("Give the donor's name."), "donor_name")
    credit_code = clean_text(data.credit_code)
    if credit_code:
        try:
            credit_code = normalize_credit_code(credit_code)
        except ValidationError:
            raise _invalid(
                "invalid_credit_code",
                _("The unified social credit code is not valid."),
                "credit_code",
            ) from None
    id_masked = id_digest = ""
    if clean_text(data.id_number):
        id_masked, id_digest = id_number_check(data.id_number)
    if data.kind not in FundKind.values:
        raise _invalid("invalid_kind", _("A donation is of money or of goods."), "kind")
    amount = amount_parse(data.amount, field="amount", positive=True)
    item, unit, quantity = clean_text(data.item)[:100], clean_text(data.unit)[:16], None
    if data.kind == FundKind.GOODS:
        if not item or not unit:
            raise _invalid(
                "goods_item_required", _("Name the goods and their unit (e.g. 口罩, 只)."), "item"
            )
        quantity = amount_parse(data.quantity, field="quantity", positive=True)
    elif item or unit or data.quantity not in (None, ""):
        raise _invalid(
            "money_has_no_quantity", _("A gift of money has no item or quantity."), "quantity"
        )
    if data.designation is not None and data.designation.campaign_id != campaign.pk:
        raise _invalid(
            "designation_not_in_campaign",
            _("That designated purpose belongs to another campaign."),
            "designation",
        )
    received_on = data.received_on or today
    if received_on > today:
        raise _invalid(
            "received_in_future", _("A donation cannot be received in the future."), "received_on"
        )
    if received_on < campaign.start_date:
        raise _invalid(
            "received_before_campaign",
            _("The campaign started on %(date)s; the donation is dated before it.")
            % {"date": campaign.start_date},
            "received_on",
        )
    return _Checked(
        data, amount, quantity, item, unit, received_on, name, credit_code, id_masked, id_digest
    )


def _receipt_numbers(organisation: Organisation, year: int, count: int) -> list[str]:
    """Reserve `count` consecutive receipt numbers (call inside a transaction)."""
    ReceiptCounter.objects.get_or_create(organisation=organisation, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(organisation=organisation, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [f"{organisation.receipt_prefix}{year}{n:06d}" for n in range(first, first + count)]


def _donor_for(item: _Checked, cache: dict[tuple[str, str], Donor]) -> Donor:
    """The same enterprise (by credit code) or person (by ID) is one donor; others are new."""
    data = item.data
    key = ("code", item.credit_code) if item.credit_code else ("id", item.id_digest)
    if key[1]:
        if key in cache:
            return cache[key]
        field = "credit_code" if key[0] == "code" else "id_number_digest"
        existing = Donor.objects.filter(**{field: key[1]}).first()
        if existing is not None:
            cache[key] = existing
            return existing
    donor = Donor(
        kind=data.donor_kind,
        name=item.donor_name,
        credit_code=item.credit_code,
        id_number_masked=item.id_masked,
        id_number_digest=item.id_digest,
    )
    if key[1]:
        cache[key] = donor
    return donor


def donations_import(
    items: Sequence[DonationInput], *, actor: Any = None, audit: bool = True
) -> list[Donation]:
    """Record many donations at once: all are checked, then written in bulk.

    One bad item refuses the whole batch (its position is in the error's `index`).
    """
    today = timezone.localdate()
    checked = []
    participants: dict[int, set[int]] = {}
    allowed: set[int] = set()
    for index, data in enumerate(items):
        if data.organisation.pk not in allowed:
            require_staff(actor, data.organisation, CLERK_ROLE)
            allowed.add(data.organisation.pk)
        try:
            checked.append(_check(data, today, participants))
        except DomainError as exc:
            exc.details["index"] = index
            raise
    now = timezone.now()
    with transaction.atomic():
        donor_cache: dict[tuple[str, str], Donor] = {}
        donors = [_donor_for(item, donor_cache) for item in checked]
        Donor.objects.bulk_create(list({id(d): d for d in donors if d.pk is None}.values()))
        funds: dict[tuple[Any, ...], Fund] = {}
        org_accounts: dict[int, Any] = {}
        numbers: dict[tuple[int, int], Iterator[str]] = {}
        wanted: dict[tuple[int, int], int] = defaultdict(int)
        for item in checked:
            wanted[(item.data.organisation.pk, item.received_on.year)] += 1
        orgs = {item.data.organisation.pk: item.data.organisation for item in checked}
        for (org_id, year), count in sorted(wanted.items()):
            numbers[(org_id, year)] = iter(_receipt_numbers(orgs[org_id], year, count))
        rows = []
        postings = []
        for item, donor in zip(checked, donors, strict=True):
            data = item.data
            org = data.organisation
            key = (data.campaign.pk, org.pk, data.kind, data.designation, item.item, item.unit)
            if key not in funds:
                funds[key] = fund_for(
                    campaign=data.campaign,
                    organisation=org,
                    kind=data.kind,
                    designation=data.designation,
                    item=item.item,
                    unit=item.unit,
                )
            if org.pk not in org_accounts:
                org_accounts[org.pk] = organisation_accounts(org)
            cash, goods = org_accounts[org.pk]
            fund = funds[key]
            number = next(numbers[(org.pk, item.received_on.year)])
            asset = cash if data.kind == FundKind.MONEY else goods
            postings.append(
                Posting(
                    legs=[Leg(asset, item.amount), Leg(fund.income_account, -item.amount)],
                    description=f"捐赠 {number}",
                    value_date=item.received_on,
                    source=SOURCE,
                    reference=number,
                )
            )
            rows.append(
                Donation(
                    receipt_number=number,
                    campaign=data.campaign,
                    organisation=org,
                    donor=donor,
                    publish_name=data.publish_name and data.donor_kind != Donor.Kind.ANONYMOUS,
                    fund=fund,
                    kind=data.kind,
                    designation=data.designation,
                    amount=item.amount,
                    item=item.item,
                    quantity=item.quantity,
                    unit=item.unit,
                    received_on=item.received_on,
                    note=clean_text(data.note)[:200],
                    recorded_at=data.recorded_at or now,
                    recorded_by=actor,
                )
            )
        txns = transactions_post_many(postings, posted_by=actor)
        for row, txn in zip(rows, txns, strict=True):
            row.ledger_transaction = txn
        created = Donation.objects.bulk_create(rows)
        if audit and actor is not None:
            for donation in created:
                audit_record(action=Action.CREATE, actor=actor, obj=donation)
    return created


def donation_record(*, actor: Any, data: DonationInput) -> Donation:
    """Record one donation, post it to the ledger and issue its receipt number."""
    return donations_import([data], actor=actor)[0]
