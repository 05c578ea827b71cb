"""The product is data: officers edit it, caps bound it, pages show annualised rates."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from cityplatform.core.errors import DomainError
from cityplatform.lending import rates
from cityplatform.lending.models import Product, RegulatoryCap
from cityplatform.lending.services.products import (
    cap_set_active,
    cap_violations,
    product_activate,
    product_update,
    tier_update,
)

pytestmark = pytest.mark.django_db


def test_best_tier_is_5_475_percent_a_year() -> None:
    best = Decimal("0.00015")
    assert rates.annual_rate(best) == Decimal("0.05475")
    assert rates.annual_percent(best) == "5.475"
    assert rates.daily_percent(best) == "0.015"
    assert rates.daily_interest(Decimal("10000.00"), best) == Decimal("1.50")
    assert rates.percent_to_rate(Decimal("0.015")) == best
    assert rates.annual_percent(Decimal("0.0002")) == "7.30"


def test_daily_interest_rounds_half_up_to_the_fen() -> None:
    # 3333.33 × 0.00015 = 0.4999995 → 0.50; 100.00 × 0.00045 = 0.045 → 0.05 (half up).
    assert rates.daily_interest(Decimal("3333.33"), Decimal("0.00015")) == Decimal("0.50")
    assert rates.daily_interest(Decimal("100.00"), Decimal("0.00045")) == Decimal("0.05")
    assert rates.daily_interest(Decimal("33.33"), Decimal("0.00015")) == Decimal("0.00")


def test_schedules_by_method() -> None:
    start = date(2026, 1, 31)
    bullet = rates.principal_schedule(
        amount=Decimal("1000.00"), term_months=3, method="bullet", start=start
    )
    assert [(i.due_date, i.principal) for i in bullet] == [(date(2026, 4, 30), Decimal("1000.00"))]
    equal = rates.principal_schedule(
        amount=Decimal("1000.00"), term_months=3, method="equal_principal", start=start
    )
    assert [i.due_date for i in equal] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert [i.principal for i in equal] == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert equal[-1].principal_cumulative == Decimal("1000.00")
    monthly = rates.principal_schedule(
        amount=Decimal("1000.00"), term_months=2, method="monthly_interest", start=start
    )
    assert [i.principal for i in monthly] == [Decimal("0.00"), Decimal("1000.00")]


def test_quote_of_a_month_at_the_best_tier() -> None:
    q = rates.quote(
        amount=Decimal("10000.00"),
        daily_rate=Decimal("0.00015"),
        term_months=1,
        method="bullet",
        start=date(2026, 4, 1),
    )
    assert q.days == 30
    assert q.first_day_interest == Decimal("1.50")
    assert q.total_interest == Decimal("45.00")
    assert q.total_repayable == Decimal("10045.00")


def test_a_product_breaking_an_active_cap_cannot_be_activated(product, officer) -> None:  # type: ignore[no-untyped-def]
    limit_cap = RegulatoryCap.objects.get(kind=RegulatoryCap.Kind.UNSECURED_INTERNET_LIMIT)
    # The ad's product predates the 2020 rules: switching the cap on flags it.
    flagged = cap_set_active(cap=limit_cap, active=True, actor=officer)
    assert flagged == [product]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.DRAFT)
    product.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        product_activate(product=product, actor=officer)
    assert exc.value.code == "breaks_regulatory_cap"
    assert "200000.00" in exc.value.message
    assert "500000.00" in exc.value.message
    product.refresh_from_db()
    assert product.status == Product.Status.DRAFT

    product_update(product=product, actor=officer, credit_limit_max=Decimal("200000.00"))
    product_activate(product=product, actor=officer)
    product.refresh_from_db()
    assert product.status == Product.Status.ACTIVE
    # Now active, an edit that breaks the cap again is refused whole.
    with pytest.raises(DomainError) as exc:
        product_update(product=product, actor=officer, credit_limit_max=Decimal("300000.00"))
    assert exc.value.code == "breaks_regulatory_cap"
    product.refresh_from_db()
    assert product.credit_limit_max == Decimal("200000.00")


def test_bullet_term_cap(product, officer) -> None:  # type: ignore[no-untyped-def]
    term_cap = RegulatoryCap.objects.get(kind=RegulatoryCap.Kind.BULLET_TERM_MONTHS)
    cap_set_active(cap=term_cap, active=True, actor=officer)
    with pytest.raises(DomainError) as exc:
        product_update(product=product, actor=officer, terms_months=[3, 6, 12, 24])
    assert exc.value.code == "breaks_regulatory_cap"
    # Without the one-sum method, 24 months are allowed.
    product_update(
        product=product,
        actor=officer,
        terms_months=[3, 6, 12, 24],
        repayment_methods=["equal_principal"],
    )
    assert cap_violations(product) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"credit_limit_min": Decimal("600000.00")},
        {"draw_min": Decimal("0.00")},
        {"terms_months": [0, 3]},
        {"terms_months": []},
        {"repayment_methods": ["balloon"]},
        {"penalty_multiplier": Decimal("0.50")},
        {"min_age": 16},
        {"max_debt_to_income": Decimal("1.50")},
    ],
)
def test_invalid_parameters_are_refused(product, officer, changes) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        product_update(product=product, actor=officer, **changes)
    assert exc.value.code == "invalid_product"


def test_unknown_fields_cannot_be_set(product, officer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        product_update(product=product, actor=officer, status="active")
    assert exc.value.code == "unknown_field"


def test_tier_rate_edit(product, officer) -> None:  # type: ignore[no-untyped-def]
    tier = product.tiers.get(grade="A")
    tier_update(
        tier=tier,
        actor=officer,
        daily_rate=Decimal("0.00016"),
        min_score=125,
        income_multiple=Decimal("18"),
        max_limit=Decimal("400000.00"),
    )
    tier.refresh_from_db()
    assert tier.daily_rate == Decimal("0.00016000")
    with pytest.raises(DomainError):
        tier_update(
            tier=tier,
            actor=officer,
            daily_rate=Decimal("0.002"),
            min_score=125,
            income_multiple=Decimal("18"),
            max_limit=Decimal("400000.00"),
        )


def test_product_page_shows_the_annual_rate_first(product, client: Client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/loans/").content.decode()
    assert "华融闪贷" in html
    annual = html.index("5.475%")
    daily = html.index("0.015%")
    assert annual < daily
    assert "年化利率(单利)" in html
    assert "1.50" in html


def test_calculator_shows_daily_cost_and_total_interest(product, client: Client) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.lending.services.clock import clock_set

    clock_set(date(2026, 4, 1))
    html = client.get(
        "/loans/calculator/",
        {"amount": "10000", "term_months": "1", "method": "bullet", "grade": "A"},
    ).content.decode()
    assert 'first-day-interest">1.50<' in html
    assert 'total-interest">45.00<' in html
    assert "5.475%" in html
    response = client.get("/loans/calculator/", {"amount": "abc", "term_months": "1"})
    assert response.status_code == 400
