"""The lending benchmark's measuring process (started by bench/lending.py).

    python -m bench.lending_worker LINES NAIVE_SAMPLE DECISIONS DRAWS

Migrates the database named by DATABASE_URL, loads the product and LINES lines
(bench/lending_load.py), then measures: one close of business over every line; the
same day's work done by a per-row ORM loop over NAIVE_SAMPLE draws (the figure per
draw, times LINES, is the loop's cost for the whole book); verify_ledger's lending
checks at that size; DECISIONS applications through the API; DRAWS draws through the
API with the simulated payment rail. Prints one JSON line with the figures.
"""

import io
import json
import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import django

BUSINESS_DATE = date(2026, 4, 15)  # mid-month: no statements (they are measured apart)


def _console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "max": ordered[-1],
    }


def setup_database(lines: int) -> dict[str, Any]:
    from django.core.management import call_command
    from rich.progress import Progress

    from bench.lending_load import load
    from cityplatform.lending.demo import _product
    from cityplatform.lending.services.clock import clock_set
    from cityplatform.places.services import places_load_bundled

    call_command("migrate", verbosity=0)
    places_load_bundled()
    _product(io.StringIO())
    clock_set(BUSINESS_DATE)
    started = time.perf_counter()
    with Progress(console=_console(), transient=False) as bar:
        task = bar.add_task(f"loading {lines:,} lines", total=lines)
        counts = load(
            lines=lines, business_date=BUSINESS_DATE, progress=lambda n: bar.advance(task, n)
        )
    return {"load_seconds": time.perf_counter() - started, "rows": counts}


def close_of_business(lines: int) -> dict[str, Any]:
    from rich.progress import Progress

    from cityplatform.lending.services.close_of_business import close_one_day

    with Progress(console=_console()) as bar:
        tasks: dict[str, Any] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(f"close of business: {step}", total=total)
            bar.update(tasks[step], completed=done)

        started = time.perf_counter()
        run = close_one_day(BUSINESS_DATE, progress=progress)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "counts": {k: v for k, v in run.counts.items()},
        "equal_instalments_due": _equal_instalments_due(),
    }


def _equal_instalments_due() -> int:
    """Equal-instalment (等额本息) instalments the close of business processed as due."""
    from cityplatform.lending.models import Instalment

    return (
        Instalment.objects.filter(due_date=BUSINESS_DATE, draw__repayment_method="equal_instalment")
        .exclude(status=Instalment.Status.SCHEDULED)
        .count()
    )


def naive_close(day: date, draw_ids: list[int]) -> float:
    """The same day's work as a per-row ORM loop: for each draw, read it, compute its
    interest and penalty in Python, insert its accrual, process an instalment due
    today, move its overdue stage, save it; one posting of the totals at the end."""
    from django.db import transaction

    from cityplatform.ledger.services import Leg, transaction_post
    from cityplatform.lending import rates
    from cityplatform.lending.models import Accrual, Draw, Instalment, OverdueNotice
    from cityplatform.lending.services import accounts

    started = time.perf_counter()
    interest_total = penalty_total = Decimal("0.00")
    with transaction.atomic():
        for draw in Draw.objects.filter(pk__in=draw_ids, status=Draw.Status.DISBURSED).iterator(
            2000
        ):
            interest = rates.daily_interest(
                draw.principal_outstanding - draw.principal_overdue, draw.daily_rate
            )
            penalty = rates.daily_interest(
                draw.principal_overdue + draw.interest_overdue, draw.penalty_rate
            )
            Accrual.objects.create(business_date=day, draw=draw, interest=interest, penalty=penalty)
            draw.interest_outstanding += interest
            draw.interest_accrued_total += interest
            draw.penalty_outstanding += penalty
            draw.penalty_accrued_total += penalty
            draw.last_interest_accrual = interest
            draw.accrued_through = day
            interest_total += interest
            penalty_total += penalty
            due = Instalment.objects.filter(draw=draw, due_date=day, status="scheduled").first()
            if due is not None:
                if draw.instalment_amount is not None and due.seq < draw.term_months:
                    # 等额本息: the principal part is the instalment less the period's
                    # interest, fixed today (as the set-based step does).
                    previous = (
                        Instalment.objects.filter(draw=draw, seq=due.seq - 1)
                        .values_list("principal_cumulative", flat=True)
                        .first()
                    ) or Decimal("0.00")
                    period_interest = (
                        draw.interest_accrued_total
                        - interest
                        - (draw.interest_accrued_at_last_due or Decimal("0.00"))
                    )
                    part = max(draw.instalment_amount - period_interest, Decimal("0.00"))
                    due.principal_cumulative = min(draw.amount, previous + part)
                    due.principal = due.principal_cumulative - previous
                    draw.interest_accrued_at_last_due = draw.interest_accrued_total - interest
                repaid = draw.amount - draw.principal_outstanding
                principal_overdue = max(Decimal(0), due.principal_cumulative - repaid)
                interest_due = draw.interest_outstanding - draw.interest_overdue - interest
                due.interest_due = interest_due
                due.status = (
                    "settled" if principal_overdue == 0 and interest_due == 0 else "overdue"
                )
                due.save(
                    update_fields=["interest_due", "status", "principal", "principal_cumulative"]
                )
                draw.principal_overdue = principal_overdue
                draw.interest_overdue += interest_due
                if principal_overdue + interest_due > 0 and draw.overdue_since is None:
                    draw.overdue_since = day
            if draw.overdue_since is not None:
                days = (day - draw.overdue_since).days + 1
                stage = 4 if days >= 91 else 3 if days >= 61 else 2 if days >= 31 else 1
                if stage > draw.overdue_stage:
                    OverdueNotice.objects.create(
                        draw=draw,
                        line_id=draw.line_id,
                        business_date=day,
                        stage=stage,
                        days_past_due=days,
                        amount_overdue=draw.principal_overdue
                        + draw.interest_overdue
                        + draw.penalty_outstanding,
                    )
                draw.overdue_stage = stage
            draw.save()
        legs = [
            Leg(accounts.control(accounts.INTEREST_RECEIVABLE), interest_total),
            Leg(accounts.control(accounts.INTEREST_INCOME), -interest_total),
        ]
        if penalty_total:
            legs += [
                Leg(accounts.control(accounts.PENALTY_RECEIVABLE), penalty_total),
                Leg(accounts.control(accounts.PENALTY_INCOME), -penalty_total),
            ]
        transaction_post(
            legs=legs, description=f"naive accrual {day}", value_date=day, source="bench.naive"
        )
    return time.perf_counter() - started


def month_end_statements() -> dict[str, Any]:
    """The month-end step alone: a statement for every line (set-based INSERT … SELECT)."""
    from cityplatform.lending.services.cob_statements import make_statements

    started = time.perf_counter()
    count = make_statements(BUSINESS_DATE.replace(day=30))
    return {"seconds": time.perf_counter() - started, "statements": count}


def verify() -> dict[str, Any]:
    from cityplatform.ledger.checks import registered_checks

    started = time.perf_counter()
    problems = [f"{name}: {p}" for name, check in registered_checks() for p in check()]
    return {"seconds": time.perf_counter() - started, "problems": problems[:10]}


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def decisions(count: int) -> dict[str, Any]:
    """Applications through POST /api/lending/applications, timed end to end."""
    from stdnum.cn import ric

    from cityplatform.accounts.models import User
    from cityplatform.lending.identity import id_number_index, reference_index
    from cityplatform.lending.models import BankRelationship, Segment

    rng = random.Random(6)
    payroll = Segment.objects.get(code="payroll")
    timings: list[float] = []
    outcomes: dict[str, int] = {}
    warm_up = 2  # the first requests pay for loading URLconf, catalogues and schemas
    for n in range(count + warm_up):
        body17 = f"430202{rng.randint(1966, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{n % 1000:03d}"
        number = body17 + ric.calc_check_digit(body17 + "0")
        account = f"6217{n:012d}"
        if n % 2 == 0:
            BankRelationship.objects.get_or_create(
                segment=payroll,
                id_number_index=id_number_index(number),
                reference_index=reference_index(account),
            )
        user = User.objects.create(username=f"applicant{n}-{uuid.uuid4().hex[:6]}")
        client = _client(user)
        body = {
            "full_name": "测试申请人",
            "id_number": number,
            "phone": "13900000000",
            "place_code": "430202000000",
            "employer_name": "中车株洲电力机车有限公司" if n % 4 == 1 else "某公司",
            "segment": "payroll" if n % 2 == 0 else "enterprise",
            "segment_evidence": account,
            "monthly_income": str(rng.choice([3500, 6000, 9000, 15000, 25000])),
            "monthly_debt_payments": str(rng.choice([0, 500, 1500, 3000])),
            "employment_years": rng.randint(0, 10),
            "consent": True,
        }
        started = time.perf_counter()
        response = client.post("/api/lending/applications", body, content_type="application/json")
        if n < warm_up:
            continue
        timings.append((time.perf_counter() - started) * 1000)
        status = response.json().get("status", str(response.status_code))
        outcomes[status] = outcomes.get(status, 0) + 1
    return {"ms": _percentiles(timings), "outcomes": outcomes}


def draws(count: int, rail_delay: float) -> dict[str, Any]:
    """Draws through POST /api/lending/lines/{id}/draws, paid out by the simulated rail."""
    from cityplatform.lending.models import Draw, Line
    from cityplatform.lending.rail import SimulatedRail, use

    lines = list(
        Line.objects.filter(draws__overdue_since__isnull=True)
        .select_related("borrower")
        .order_by("?")[:count]
    )
    http_ms, disbursed_s, statuses = [], [], {}
    with use(SimulatedRail(delay=rail_delay)):
        for line in lines:
            client = _client(line.borrower)
            started = time.perf_counter()
            response = client.post(
                f"/api/lending/lines/{line.pk}/draws",
                {
                    "amount": "5000.00",
                    "purpose": "旅游",
                    "term_months": 3,
                    "repayment_method": "equal_principal",
                },
                content_type="application/json",
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
            http_ms.append((time.perf_counter() - started) * 1000)
            body = response.json()
            statuses[body.get("status", str(response.status_code))] = (
                statuses.get(body.get("status", str(response.status_code)), 0) + 1
            )
            if body.get("seconds_to_disburse") is not None:
                disbursed_s.append(body["seconds_to_disburse"])
    assert Draw.objects.filter(status=Draw.Status.DISBURSING).count() == 0
    return {
        "http_ms": _percentiles(http_ms),
        "request_to_disbursed_s": _percentiles(disbursed_s),
        "statuses": statuses,
        "rail_delay_s": rail_delay,
    }


def main() -> None:
    lines, naive_sample, decision_count, draw_count = (int(a) for a in sys.argv[1:5])
    django.setup()
    from django.db import connection

    results: dict[str, Any] = {"database": connection.vendor, "lines": lines}
    console = _console()
    results["setup"] = setup_database(lines)
    console.print(f"loaded in {results['setup']['load_seconds']:.1f}s")
    results["close_of_business"] = close_of_business(lines)
    console.print(f"close of business: {results['close_of_business']['seconds']:.1f}s")
    results["statements"] = month_end_statements()
    console.print(f"month-end statements: {results['statements']['seconds']:.1f}s")
    results["verify"] = verify()
    console.print(
        f"verify_ledger: {results['verify']['seconds']:.1f}s, problems {results['verify']['problems']}"
    )
    results["decisions"] = decisions(decision_count)
    results["draws"] = draws(draw_count, rail_delay=0.05)
    from cityplatform.lending.models import Draw

    sample = list(
        Draw.objects.filter(status="disbursed")
        .order_by("?")
        .values_list("pk", flat=True)[:naive_sample]
    )
    console.print(f"per-row ORM loop over {len(sample):,} draws…")
    naive_seconds = naive_close(BUSINESS_DATE + timedelta(days=1), sample)
    per_draw = naive_seconds / max(len(sample), 1)
    results["naive"] = {
        "sample": len(sample),
        "seconds": naive_seconds,
        "per_draw_ms": per_draw * 1000,
        "projected_seconds": per_draw * lines,
    }
    results["ratio"] = (
        results["naive"]["projected_seconds"] / results["close_of_business"]["seconds"]
    )
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
