"""Any applicant gets a consistent, explained decision from the scorecard."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cityplatform.lending import scorecard
from cityplatform.lending.tests.conftest import TIERS

POLICY = scorecard.Policy(
    min_age=18,
    max_age=60,
    min_monthly_income=Decimal(3000),
    max_debt_to_income=Decimal("0.50"),
    approve_score=60,
    review_band=10,
    credit_limit_min=Decimal(5000),
    credit_limit_max=Decimal(500000),
    reapply_after_days=30,
    tiers=[scorecard.Tier(g, Decimal(r), s, Decimal(m), Decimal(c)) for g, r, s, m, c in TIERS],
)

money = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("200000.00"), places=2)


@settings(max_examples=300, deadline=None)
@given(
    age=st.integers(10, 90),
    points=st.sampled_from([30, 35, 40, 45]),
    verified=st.booleans(),
    income=money,
    debts=st.decimals(min_value=Decimal("0.00"), max_value=Decimal("50000.00"), places=2),
    years=st.integers(0, 40),
    blacklisted=st.booleans(),
)
def test_every_decision_is_consistent_and_explained(  # type: ignore[no-untyped-def]
    age, points, verified, income, debts, years, blacklisted
) -> None:
    facts = scorecard.Facts(
        business_date=date(2026, 4, 1),
        age=age,
        segment_name="x",
        segment_points=points,
        segment_verified=verified,
        segment_failure="not verified",
        monthly_income=income,
        monthly_debt_payments=debts,
        employment_years=years,
        blacklisted=blacklisted,
        has_open_line=False,
        has_application_in_review=False,
        rejected_until=None,
    )
    result = scorecard.assess(facts, POLICY)
    assert result.reasons
    rules_pass = all(r.passed for r in result.rules)
    if not rules_pass:
        assert result.outcome == "rejected"
        assert result.score is None
        return
    assert result.score == sum(line.points for line in result.score_lines)
    if result.outcome == "rejected":
        return
    assert result.outcome in ("approved", "review")
    assert (result.outcome == "approved") == (result.score >= POLICY.approve_score)
    tier = next(t for t in POLICY.tiers if t.grade == result.grade)
    assert result.daily_rate == tier.daily_rate
    assert result.credit_limit is not None
    assert (
        POLICY.credit_limit_min
        <= result.credit_limit
        <= min(tier.max_limit, POLICY.credit_limit_max)
    )
    assert result.credit_limit % 1000 == 0
