"""Step 2 and 3 of the four: the application and its decision.

`application_submit` validates what the applicant typed (a 422 with per-field
messages if anything is wrong, nothing saved), gathers the facts the rules need (age
from the ID number, segment membership from the bank's records or the employer lists,
the blacklist, other applications and lines of the same person), runs the scorecard
and stores the application with its decision in one transaction. Approved: the line
opens at once. Borderline: the application waits in the officers' queue, where
`application_review` decides it.
"""

import contextlib
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text, normalize_phone
from cityplatform.ledger.money import amount_parse
from cityplatform.lending import scorecard
from cityplatform.lending.amounts import money_parse
from cityplatform.lending.identity import (
    age_on,
    id_number_index,
    id_number_validate,
    reference_index,
)
from cityplatform.lending.models import (
    Application,
    BankRelationship,
    BlacklistEntry,
    Decision,
    Organisation,
    Outcome,
    Product,
    Segment,
)
from cityplatform.lending.services.clock import business_date_today
from cityplatform.places.models import Place

CONSENT_VERSION = "2026-1"
# Applicants live in 株洲: a district or county of the city.
CITY_PREFIX = "4302"


@dataclass(frozen=True)
class ApplicationInput:
    full_name: str
    id_number: str
    phone: str
    place_code: str
    employer_name: str
    segment_code: str
    segment_evidence: str
    monthly_income: Any
    monthly_debt_payments: Any
    employment_years: Any
    consent: bool


@dataclass(frozen=True)
class _Cleaned:
    full_name: str
    id_number: str
    birth: Any
    phone: str
    place: Place
    employer_name: str
    segment: Segment
    evidence: str
    income: Decimal
    debts: Decimal
    years: int


def _clean(data: ApplicationInput, product: Product) -> _Cleaned:
    fields: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        fields.setdefault(name, []).append(message)

    full_name = clean_text(data.full_name)
    if not 2 <= len(full_name) <= 30:
        fail("full_name", _("Enter your full name as on your ID card."))
    number, birth = "", None
    try:
        number, birth = id_number_validate(data.id_number)
    except DomainError as exc:
        fail("id_number", str(exc.message))
    phone = ""
    try:
        phone = normalize_phone(data.phone or "")
    except ValidationError:
        fail("phone", _("Enter a valid mobile phone number."))
    place = (
        Place.objects.filter(code=(data.place_code or "").strip(), level=Place.Level.COUNTY).first()
        if (data.place_code or "").startswith(CITY_PREFIX)
        else None
    )
    if place is None:
        fail("place_code", _("Choose the district or county of 株洲 you live in."))
    employer = clean_text(data.employer_name)
    if not 2 <= len(employer) <= 200:
        fail("employer_name", _("Enter your employer's full name."))
    segment = product.segments.filter(code=(data.segment_code or "").strip()).first()
    if segment is None:
        names = "、".join(s.name for s in product.segments.all())
        fail(
            "segment",
            _("The product is open to these customer groups only: %(names)s.") % {"names": names},
        )
    evidence = clean_text(data.segment_evidence)
    if not 1 <= len(evidence) <= 64:
        fail("segment_evidence", _("Give the evidence of your customer group."))
    income = debts = Decimal("0.00")
    try:
        income = money_parse(data.monthly_income, field="monthly_income")
    except DomainError as exc:
        fail("monthly_income", str(exc.message))
    try:
        debts = amount_parse(data.monthly_debt_payments, field="monthly_debt_payments")
        if debts < 0:
            raise DomainError("negative", "")
    except DomainError:
        fail(
            "monthly_debt_payments",
            _("Enter what you pay on existing debts each month (0 if nothing)."),
        )
    years = -1
    with contextlib.suppress(TypeError, ValueError):
        years = int(str(data.employment_years).strip())
    if not 0 <= years <= 60:
        fail("employment_years", _("Enter the whole years with your employer (0 to 60)."))
    if data.consent is not True:
        fail(
            "consent",
            _("Read and accept the authorisation to check your credit before applying."),
        )
    if fields:
        first = next(iter(fields.values()))[0]
        raise DomainError("invalid", first, status=422, fields=fields)
    assert segment is not None
    assert place is not None
    assert birth is not None
    return _Cleaned(
        full_name, number, birth, phone, place, employer, segment, evidence, income, debts, years
    )


def _segment_check(segment: Segment, cleaned: _Cleaned, index: str) -> tuple[bool, str]:
    if segment.verification == Segment.Verification.RELATIONSHIP:
        known = BankRelationship.objects.filter(
            segment=segment,
            id_number_index=index,
            reference_index=reference_index(cleaned.evidence),
        ).exists()
        return known, _(
            "The bank's records do not show you as “%(segment)s”: check the %(evidence)s."
        ) % {"segment": segment.name, "evidence": segment.evidence_label}
    on_list = Organisation.objects.filter(
        segment=segment, name=cleaned.employer_name, is_active=True
    ).exists()
    return on_list, _("%(employer)s is not on the list of employers for “%(segment)s”.") % {
        "employer": cleaned.employer_name,
        "segment": segment.name,
    }


def _policy(product: Product) -> scorecard.Policy:
    return scorecard.Policy(
        min_age=product.min_age,
        max_age=product.max_age,
        min_monthly_income=product.min_monthly_income,
        max_debt_to_income=product.max_debt_to_income,
        approve_score=product.approve_score,
        review_band=product.review_band,
        credit_limit_min=product.credit_limit_min,
        credit_limit_max=product.credit_limit_max,
        reapply_after_days=product.reapply_after_days,
        tiers=[
            scorecard.Tier(t.grade, t.daily_rate, t.min_score, t.income_multiple, t.max_limit)
            for t in product.tiers.all()
        ],
    )


def _facts(product: Product, cleaned: _Cleaned, index: str) -> scorecard.Facts:
    from cityplatform.lending.models import Line

    today = business_date_today()
    verified, failure = _segment_check(cleaned.segment, cleaned, index)
    same_person = Application.objects.filter(product=product, id_number_index=index)
    last_rejection = same_person.filter(status=Outcome.REJECTED).order_by("-business_date").first()
    rejected_until = None
    if last_rejection is not None:
        until = last_rejection.business_date + timedelta(days=product.reapply_after_days)
        rejected_until = until if until > today else None
    return scorecard.Facts(
        business_date=today,
        age=age_on(cleaned.birth, today),
        segment_name=cleaned.segment.name,
        segment_points=cleaned.segment.score_points,
        segment_verified=verified,
        segment_failure=failure,
        monthly_income=cleaned.income,
        monthly_debt_payments=cleaned.debts,
        employment_years=cleaned.years,
        blacklisted=BlacklistEntry.objects.filter(id_number_index=index).exists(),
        has_open_line=Line.objects.filter(product=product, id_number_index=index)
        .exclude(status=Line.Status.CLOSED)
        .exists(),
        has_application_in_review=same_person.filter(status=Outcome.REVIEW).exists(),
        rejected_until=rejected_until,
    )


def _inputs(facts: scorecard.Facts, policy: scorecard.Policy) -> dict[str, Any]:
    """What the decision read, for the record: facts and parameters, no name or ID."""
    return {
        "business_date": facts.business_date.isoformat(),
        "age": facts.age,
        "segment": facts.segment_name,
        "segment_verified": facts.segment_verified,
        "monthly_income": f"{facts.monthly_income:.2f}",
        "monthly_debt_payments": f"{facts.monthly_debt_payments:.2f}",
        "debt_to_income": str(facts.debt_to_income),
        "employment_years": facts.employment_years,
        "blacklisted": facts.blacklisted,
        "has_open_line": facts.has_open_line,
        "has_application_in_review": facts.has_application_in_review,
        "rejected_until": facts.rejected_until.isoformat() if facts.rejected_until else None,
        "policy": {
            "min_age": policy.min_age,
            "max_age": policy.max_age,
            "min_monthly_income": f"{policy.min_monthly_income:.2f}",
            "max_debt_to_income": str(policy.max_debt_to_income),
            "approve_score": policy.approve_score,
            "review_band": policy.review_band,
            "credit_limit_min": f"{policy.credit_limit_min:.2f}",
            "credit_limit_max": f"{policy.credit_limit_max:.2f}",
            "tiers": [
                {
                    "grade": t.grade,
                    "daily_rate": str(t.daily_rate),
                    "min_score": t.min_score,
                    "income_multiple": str(t.income_multiple),
                    "max_limit": f"{t.max_limit:.2f}",
                }
                for t in policy.tiers
            ],
        },
    }


def application_submit(*, applicant: Any, product: Product, data: ApplicationInput) -> Application:
    """Validate, decide and store; an approved application has its line open on return."""
    started = time.perf_counter()
    if product.status != Product.Status.ACTIVE:
        raise DomainError(
            "product_not_offered", _("The product is not on offer at the moment."), status=409
        )
    cleaned = _clean(data, product)
    index = id_number_index(cleaned.id_number)
    policy = _policy(product)
    facts = _facts(product, cleaned, index)
    # Reasons are for the customer: recorded in Chinese whatever the page's language.
    with translation.override("zh-hans"):
        assessment = scorecard.assess(facts, policy)
    now = timezone.now()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                product=product,
                applicant=applicant,
                place=cleaned.place,
                full_name=cleaned.full_name,
                id_number=cleaned.id_number,
                id_number_index=index,
                birth_date=cleaned.birth,
                phone=cleaned.phone,
                employer_name=cleaned.employer_name,
                segment=cleaned.segment,
                segment_evidence=cleaned.evidence,
                monthly_income=cleaned.income,
                monthly_debt_payments=cleaned.debts,
                employment_years=cleaned.years,
                consent_at=now,
                consent_version=CONSENT_VERSION,
                status=assessment.outcome,
                business_date=facts.business_date,
                decided_at=None if assessment.outcome == Outcome.REVIEW else now,
            )
            decision = Decision.objects.create(
                application=application,
                kind=Decision.Kind.AUTOMATIC,
                outcome=assessment.outcome,
                score=assessment.score,
                grade=assessment.grade,
                daily_rate=assessment.daily_rate,
                credit_limit=assessment.credit_limit,
                inputs=_inputs(facts, policy),
                rules=assessment.rules_json(),
                score_lines=assessment.score_lines_json(),
                reasons=assessment.reasons,
                engine_version=scorecard.ENGINE_VERSION,
                elapsed_ms=int((time.perf_counter() - started) * 1000),
            )
            if assessment.outcome == Outcome.APPROVED:
                _open_line(application, decision)
            audit_record(
                action=Action.CREATE,
                actor=applicant,
                obj=application,
                detail={"outcome": assessment.outcome, "score": assessment.score},
            )
    except IntegrityError:
        # Two applications of one person raced past the duplicate rule: the database's
        # unique constraints (one in review, one open line) let only one through.
        raise DomainError(
            "duplicate_application",
            _("You already have an application or a line of this product."),
            status=409,
        ) from None
    return application


def _open_line(application: Application, decision: Decision) -> None:
    from cityplatform.lending.services.lines import line_open

    line_open(application=application, decision=decision)
