"""The credit decision, as plain data in and out: hard rules, then a points scorecard.

Nothing here touches the database; `services.applications` gathers the facts, calls
`assess`, and stores the result with its inputs. Every rule and every scorecard line
carries a reason the customer reads (the service renders them in Chinese), so each
decision explains itself: which rule refused, or how many points each fact earned,
which grade and rate the total gives, and how the limit was worked out.

Engine version "scorecard-1": change ENGINE_VERSION with any change below.
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils.translation import gettext as _

from cityplatform.lending import rates

ENGINE_VERSION = "scorecard-1"
LIMIT_STEP = Decimal(1000)

# (lowest value, points), highest band first. The customer sees the band they fell in.
AGE_POINTS = [(25, 46, 20), (22, 51, 12), (0, 200, 5)]  # [low, high) years
INCOME_POINTS = [(Decimal(20000), 40), (Decimal(10000), 30), (Decimal(6000), 20), (Decimal(0), 10)]
DTI_POINTS = [(Decimal("0.10"), 30), (Decimal("0.25"), 20), (Decimal("0.40"), 10)]  # at most
TENURE_POINTS = [(5, 20), (2, 12), (1, 5), (0, 0)]


@dataclass(frozen=True)
class Tier:
    grade: str
    daily_rate: Decimal
    min_score: int
    income_multiple: Decimal
    max_limit: Decimal


@dataclass(frozen=True)
class Policy:
    """The product's parameters the decision reads."""

    min_age: int
    max_age: int
    min_monthly_income: Decimal
    max_debt_to_income: Decimal
    approve_score: int
    review_band: int
    credit_limit_min: Decimal
    credit_limit_max: Decimal
    reapply_after_days: int
    tiers: list[Tier]  # any order


@dataclass(frozen=True)
class Facts:
    """What is known of the applicant when the decision runs."""

    business_date: date
    age: int
    segment_name: str
    segment_points: int
    segment_verified: bool
    segment_failure: str  # why the segment could not be verified, for the reason
    monthly_income: Decimal
    monthly_debt_payments: Decimal
    employment_years: int
    blacklisted: bool
    has_open_line: bool
    has_application_in_review: bool
    rejected_until: date | None  # a recent rejection bars a new application until then

    @property
    def debt_to_income(self) -> Decimal:
        return (self.monthly_debt_payments / self.monthly_income).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class RuleResult:
    code: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class ScoreLine:
    factor: str
    value: str
    points: int
    reason: str


@dataclass
class Assessment:
    outcome: str  # approved / rejected / review
    score: int | None = None
    grade: str = ""
    daily_rate: Decimal | None = None
    credit_limit: Decimal | None = None
    rules: list[RuleResult] = field(default_factory=list)
    score_lines: list[ScoreLine] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def rules_json(self) -> list[dict[str, Any]]:
        return [asdict(r) for r in self.rules]

    def score_lines_json(self) -> list[dict[str, Any]]:
        return [asdict(s) for s in self.score_lines]


def _pct(fraction: Decimal) -> str:
    return f"{(fraction * 100).quantize(Decimal('0.1'))}%"


def _rules(facts: Facts, policy: Policy) -> list[RuleResult]:
    dti = facts.debt_to_income
    results = [
        RuleResult(
            "age",
            policy.min_age <= facts.age <= policy.max_age,
            _("Age %(age)s: the product is for people aged %(low)s to %(high)s.")
            % {"age": facts.age, "low": policy.min_age, "high": policy.max_age},
        ),
        RuleResult(
            "segment",
            facts.segment_verified,
            _("Customer group “%(segment)s” confirmed.") % {"segment": facts.segment_name}
            if facts.segment_verified
            else facts.segment_failure,
        ),
        RuleResult(
            "income",
            facts.monthly_income >= policy.min_monthly_income,
            _("Monthly income %(income)s yuan; the product asks for at least %(low)s yuan.")
            % {
                "income": f"{facts.monthly_income:,.2f}",
                "low": f"{policy.min_monthly_income:,.2f}",
            },
        ),
        RuleResult(
            "debt_to_income",
            dti <= policy.max_debt_to_income,
            _("Existing debt payments are %(dti)s of income; the product allows at most %(high)s.")
            % {"dti": _pct(dti), "high": _pct(policy.max_debt_to_income)},
        ),
        RuleResult(
            "blacklist",
            not facts.blacklisted,
            _("The bank's risk checks were passed.")
            if not facts.blacklisted
            else _("The application did not pass the bank's risk checks."),
        ),
    ]
    if facts.has_open_line:
        duplicate = _("You already hold a credit line of this product; no need to apply again.")
    elif facts.has_application_in_review:
        duplicate = _("You already have an application being reviewed.")
    elif facts.rejected_until is not None:
        duplicate = _(
            "An application of yours was declined recently; you may apply again from %(day)s."
        ) % {"day": facts.rejected_until.isoformat()}
    else:
        duplicate = ""
    results.append(
        RuleResult(
            "duplicate",
            not duplicate,
            duplicate or _("No other application or line of this product."),
        )
    )
    return results


def _band_points(value: int, bands: list[tuple[int, int, int]]) -> int:
    return next(points for low, high, points in bands if low <= value < high)


def _score(facts: Facts) -> list[ScoreLine]:
    dti = facts.debt_to_income
    age_points = _band_points(facts.age, AGE_POINTS)
    income_points = next(p for low, p in INCOME_POINTS if facts.monthly_income >= low)
    dti_points = next((p for high, p in DTI_POINTS if dti <= high), 0)
    tenure_points = next(p for low, p in TENURE_POINTS if facts.employment_years >= low)
    return [
        ScoreLine(
            "segment",
            facts.segment_name,
            facts.segment_points,
            _("Customer group %(segment)s: %(points)s points.")
            % {"segment": facts.segment_name, "points": facts.segment_points},
        ),
        ScoreLine(
            "age",
            str(facts.age),
            age_points,
            _("Age %(age)s: %(points)s points.") % {"age": facts.age, "points": age_points},
        ),
        ScoreLine(
            "income",
            f"{facts.monthly_income:.2f}",
            income_points,
            _("Monthly income %(income)s yuan: %(points)s points.")
            % {"income": f"{facts.monthly_income:,.2f}", "points": income_points},
        ),
        ScoreLine(
            "debt_to_income",
            str(dti),
            dti_points,
            _("Debt payments %(dti)s of income: %(points)s points.")
            % {"dti": _pct(dti), "points": dti_points},
        ),
        ScoreLine(
            "employment_years",
            str(facts.employment_years),
            tenure_points,
            _("%(years)s years with the employer: %(points)s points.")
            % {"years": facts.employment_years, "points": tenure_points},
        ),
    ]


def _limit(facts: Facts, policy: Policy, tier: Tier) -> Decimal:
    base = facts.monthly_income * tier.income_multiple * (1 - facts.debt_to_income)
    capped = min(base, tier.max_limit, policy.credit_limit_max)
    return (capped / LIMIT_STEP).to_integral_value(rounding=ROUND_DOWN) * LIMIT_STEP


def assess(facts: Facts, policy: Policy) -> Assessment:
    """Rules first (any failure rejects, with its reason), then the scorecard."""
    rules = _rules(facts, policy)
    failed = [r for r in rules if not r.passed]
    if failed:
        return Assessment(outcome="rejected", rules=rules, reasons=[r.reason for r in failed])

    lines = _score(facts)
    score = sum(line.points for line in lines)
    reasons = [line.reason for line in lines]
    tiers = sorted(policy.tiers, key=lambda t: t.min_score, reverse=True)
    lowest = tiers[-1]
    tier = next((t for t in tiers if score >= t.min_score), lowest)
    reasons.append(
        _("Total score %(score)s (approval from %(approve)s).")
        % {"score": score, "approve": policy.approve_score}
    )
    if score < policy.approve_score - policy.review_band:
        reasons.append(_("The total score is below what the product requires."))
        return Assessment(
            outcome="rejected", score=score, rules=rules, score_lines=lines, reasons=reasons
        )

    limit = _limit(facts, policy, tier)
    if limit < policy.credit_limit_min:
        reasons.append(
            _(
                "The limit your income supports (%(limit)s yuan) is below the product's "
                "smallest line of %(low)s yuan."
            )
            % {"limit": f"{limit:,.0f}", "low": f"{policy.credit_limit_min:,.0f}"}
        )
        return Assessment(
            outcome="rejected", score=score, rules=rules, score_lines=lines, reasons=reasons
        )

    reasons.append(
        _("Risk grade %(grade)s: annualised rate (simple) %(annual)s%%, daily rate %(daily)s%%.")
        % {
            "grade": tier.grade,
            "annual": rates.annual_percent(tier.daily_rate),
            "daily": rates.daily_percent(tier.daily_rate),
        }
    )
    reasons.append(
        _(
            "Credit limit %(limit)s yuan: monthly income × %(multiple)s × (1 − debt ratio), "
            "at most %(cap)s yuan for grade %(grade)s, in whole thousands."
        )
        % {
            "limit": f"{limit:,.0f}",
            "multiple": f"{tier.income_multiple.normalize()}",
            "cap": f"{min(tier.max_limit, policy.credit_limit_max):,.0f}",
            "grade": tier.grade,
        }
    )
    outcome = "approved" if score >= policy.approve_score else "review"
    if outcome == "review":
        reasons.append(
            _("The score is close to the line: a credit officer will look at the application.")
        )
    return Assessment(
        outcome=outcome,
        score=score,
        grade=tier.grade,
        daily_rate=tier.daily_rate,
        credit_limit=limit,
        rules=rules,
        score_lines=lines,
        reasons=reasons,
    )
