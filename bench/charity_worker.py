"""The in-database half of bench/charity.py: build the data, then measure.

Run by bench/charity.py in a process of its own (its own settings and database):
    python -m bench.charity_worker '{"donations": 400, ...}' result.json
"""

import io
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any

import django

BATCH = 5000
ITEMS = [("口罩", "只"), ("防护服", "套"), ("消毒液", "箱"), ("方便面", "箱")]


def _campaign_sizes(total: int, campaigns: int) -> list[int]:
    """Harmonic sizes: campaign i gets 1/(i+1) of the weight; they add up to total."""
    weights = [1 / (i + 1) for i in range(campaigns)]
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
    }


def _timed(fn: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    samples, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, value


def build(sizes: dict[str, int], progress: Any) -> dict[str, Any]:
    from django.utils import timezone

    from cityplatform.accounts.roles import sync_roles
    from cityplatform.accounts.services import user_ensure
    from cityplatform.charity.models import Campaign, Designation, Fund, Organisation
    from cityplatform.charity.services import (
        DonationInput,
        ImportedDisbursement,
        LineInput,
        disbursements_import,
        donations_import,
    )
    from cityplatform.places import demo as places_demo
    from cityplatform.places.models import Place

    rng = random.Random(2020)
    places_demo.load(io.StringIO())
    sync_roles()
    liling = Place.objects.get(code="430281000000")
    maker = user_ensure(
        username="bench_maker", password="x-bench-1", jurisdiction=liling, roles=["charity_clerk"]
    )
    checker = user_ensure(
        username="bench_checker",
        password="x-bench-1",
        jurisdiction=liling,
        roles=["charity_reviewer"],
    )
    orgs = [
        Organisation.objects.create(name="醴陵市慈善会", receipt_prefix="LLCSH", place=liling),
        Organisation.objects.create(name="醴陵市红十字会", receipt_prefix="LLHSH", place=liling),
    ]
    campaign_sizes = _campaign_sizes(sizes["donations"], sizes["campaigns"])
    campaigns = []
    for i in range(sizes["campaigns"]):
        start = date(2015, 1, 1) + timedelta(days=30 * i)
        campaign = Campaign.objects.create(
            name=f"募捐活动 {i + 1}",
            start_date=start,
            end_date=start + timedelta(days=90),
            is_emergency=i % 10 == 0,
            place=liling,
        )
        campaign.organisations.set(orgs)
        designations = [
            Designation.objects.create(campaign=campaign, purpose=f"定向用途 {k + 1}")
            for k in range(3)
        ]
        campaigns.append((campaign, designations))

    def donations() -> Iterator[DonationInput]:
        for (campaign, designations), size in zip(campaigns, campaign_sizes, strict=True):
            for n in range(size):
                roll = rng.random()
                day = campaign.start_date + timedelta(days=n % 90)
                goods = roll >= 0.92
                item, unit = ITEMS[n % len(ITEMS)] if goods else ("", "")
                yield DonationInput(
                    campaign=campaign,
                    organisation=orgs[n % 2],
                    donor_kind="individual" if n % 7 else "enterprise",
                    donor_name=f"捐赠人{n}",
                    amount=Decimal(rng.randrange(100, 500_000)) / 100,
                    kind="goods" if goods else "money",
                    item=item,
                    quantity=Decimal(rng.randrange(10, 1000)) if goods else None,
                    unit=unit,
                    designation=designations[n % 3]
                    if 0.80 <= roll < 0.92 or (goods and n % 2)
                    else None,
                    received_on=day,
                    recorded_at=timezone.make_aware(datetime.combine(day, dtime(12))),
                )

    started = time.perf_counter()
    task = progress.add_task("donations", total=sizes["donations"])
    batch: list[DonationInput] = []
    for item in donations():
        batch.append(item)
        if len(batch) == BATCH:
            donations_import(batch, audit=False)
            progress.advance(task, len(batch))
            batch = []
    if batch:
        donations_import(batch, audit=False)
        progress.advance(task, len(batch))

    funds: dict[int, list[Fund]] = {}
    for fund in Fund.objects.all():
        funds.setdefault(fund.campaign_id, []).append(fund)
    task = progress.add_task("disbursements", total=sizes["disbursements"])
    per_campaign = [
        max(1, round(sizes["disbursements"] * s / sizes["donations"])) for s in campaign_sizes
    ]
    per_campaign[0] += sizes["disbursements"] - sum(per_campaign)
    made = 0
    for (campaign, _designations), count in zip(campaigns, per_campaign, strict=True):
        money = [f for f in funds[campaign.pk] if f.kind == "money"]
        goods = [f for f in funds[campaign.pk] if f.kind == "goods"]
        items = []
        for n in range(count):
            fund = money[n % len(money)] if n % 10 else (goods or money)[n % len(goods or money)]
            line = (
                LineInput(fund, quantity="1")
                if fund.kind == "goods"
                else LineInput(fund, amount="10.00")
            )
            decided = timezone.make_aware(
                datetime.combine(campaign.start_date + timedelta(days=n % 120), dtime(15))
            )
            items.append(
                ImportedDisbursement(
                    campaign=campaign,
                    organisation=fund.organisation,
                    recipient=f"受助方 {n}",
                    purpose="防疫物资",
                    lines=[line],
                    designation=fund.designation,
                    decided_on=decided,
                )
            )
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            disbursements_import(chunk, proposed_by=maker, approved_by=checker)
            made += len(chunk)
            progress.advance(task, len(chunk))
    return {
        "build_s": time.perf_counter() - started,
        "donations": sizes["donations"],
        "disbursements": made,
        "largest_donations": campaign_sizes[0],
        "campaign_ids": [c.pk for c, _d in campaigns],
    }


def naive_summary(campaign_id: int) -> dict[str, Decimal]:
    """The figures the slow way: every row into Python, summed there."""
    from cityplatform.charity.models import DisbursementLine, Donation

    received = directed = Decimal("0.00")
    for amount, designation_id, corrected in Donation.objects.filter(
        campaign_id=campaign_id
    ).values_list("amount", "designation_id", "correction"):
        if corrected is None:
            received += amount
            if designation_id is not None:
                directed += amount
    disbursed = Decimal("0.00")
    for (amount,) in DisbursementLine.objects.filter(
        disbursement__campaign_id=campaign_id, disbursement__status="approved"
    ).values_list("amount"):
        disbursed += amount
    return {"received_total": received, "directed_total": directed, "disbursed_total": disbursed}


def measure(built: dict[str, Any], requests: int) -> dict[str, Any]:
    from django.core.management import CommandError, call_command
    from django.test import Client

    rng = random.Random(7)
    client = Client()
    ids = built["campaign_ids"]
    largest = ids[0]

    def api(campaign_id: int) -> dict[str, Any]:
        response = client.get(f"/api/charity/campaigns/{campaign_id}/summary")
        assert response.status_code == 200, response.content
        return response.json()  # type: ignore[no-any-return]

    api(largest)  # warm up
    random_samples, _ = _timed(lambda: api(rng.choice(ids)), requests)
    largest_samples, body = _timed(lambda: api(largest), max(5, requests // 5))
    naive_runs = max(3, requests // 50)
    naive_largest, naive = _timed(lambda: naive_summary(largest), naive_runs)
    naive_random, _ = _timed(lambda: naive_summary(rng.choice(ids)), naive_runs)
    for key in ("received_total", "directed_total", "disbursed_total"):
        assert Decimal(body[key]) == naive[key], (key, body[key], naive[key])
    out = io.StringIO()
    started = time.perf_counter()
    problems = 0
    try:
        call_command("verify_ledger", stdout=out)
    except CommandError:
        problems = sum(1 for line in out.getvalue().splitlines() if ": " in line)
    verify_s = time.perf_counter() - started
    return {
        "summary": {
            "random": _percentiles(random_samples),
            "largest": _percentiles(largest_samples),
        },
        "naive": {"random": _percentiles(naive_random), "largest": _percentiles(naive_largest)},
        "verify": {"seconds": verify_s, "problems": problems, "output": out.getvalue()[-2000:]},
    }


def main() -> None:
    django.setup()
    from rich.progress import Progress

    sizes = json.loads(sys.argv[1])
    with Progress() as progress:
        built = build(sizes, progress)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = {**built, **measure(built, sizes["requests"])}
    result.pop("campaign_ids")
    with open(sys.argv[2], "w") as f:
        json.dump(result, f, indent=2, default=str)


if __name__ == "__main__":
    main()
