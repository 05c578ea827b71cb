"""Writes to the product: officers' edits, activation, rate tiers and regulatory caps.

Every change is validated as a whole before it is saved, audited, and checked
against the active regulatory caps: an active product never breaks one, and a
product that would cannot be activated.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.lending.amounts import yuan
from cityplatform.lending.models import Product, RateTier, RegulatoryCap, RepaymentMethod

MAX_TERM_MONTHS = 36
# Officers type rates per cent a day; above 0.1 %/day (36.5 % a year) is not a bank rate.
MAX_DAILY_RATE = Decimal("0.001")

# The parameters an officer edits on the product page (and the service accepts).
EDITABLE_FIELDS = (
    "name",
    "description",
    "is_secured",
    "is_internet",
    "credit_limit_min",
    "credit_limit_max",
    "draw_min",
    "terms_months",
    "repayment_methods",
    "penalty_multiplier",
    "min_age",
    "max_age",
    "min_monthly_income",
    "max_debt_to_income",
    "approve_score",
    "review_band",
    "reapply_after_days",
    "purposes",
)


@dataclass(frozen=True)
class CapViolation:
    cap: RegulatoryCap
    message: str


def cap_violations(product: Product, caps: list[RegulatoryCap] | None = None) -> list[CapViolation]:
    """How the product's parameters break the given caps (the active ones by default)."""
    if caps is None:
        caps = list(RegulatoryCap.objects.filter(is_active=True))
    found = []
    for cap in caps:
        if cap.kind == RegulatoryCap.Kind.UNSECURED_INTERNET_LIMIT:
            if (
                not product.is_secured
                and product.is_internet
                and product.credit_limit_max > cap.value
            ):
                found.append(
                    CapViolation(
                        cap,
                        _(
                            "%(cap)s: an unsecured internet consumer line may not exceed "
                            "%(value)s yuan; the product's highest limit is %(limit)s yuan."
                        )
                        % {
                            "cap": cap.name,
                            "value": yuan(cap.value),
                            "limit": yuan(product.credit_limit_max),
                        },
                    )
                )
        elif cap.kind == RegulatoryCap.Kind.BULLET_TERM_MONTHS:
            longest = max(product.terms_months or [0])
            if RepaymentMethod.BULLET in product.repayment_methods and longest > cap.value:
                found.append(
                    CapViolation(
                        cap,
                        _(
                            "%(cap)s: a loan repaid in one sum at maturity may run at most "
                            "%(value)s months; the product offers %(term)s months."
                        )
                        % {"cap": cap.name, "value": int(cap.value), "term": longest},
                    )
                )
    return found


def _validate(product: Product) -> None:
    errors: list[str] = []
    if product.credit_limit_min <= 0 or product.credit_limit_max < product.credit_limit_min:
        errors.append(_("The smallest credit limit must be positive and not above the highest."))
    if product.draw_min <= 0 or product.draw_min > product.credit_limit_min:
        errors.append(_("The smallest draw must be positive and not above the smallest limit."))
    terms = product.terms_months
    if (
        not isinstance(terms, list)
        or not terms
        or any(not isinstance(t, int) or isinstance(t, bool) for t in terms)
        or any(t < 1 or t > MAX_TERM_MONTHS for t in terms)
    ):
        errors.append(_("Terms are whole months between 1 and %(max)s.") % {"max": MAX_TERM_MONTHS})
    else:
        product.terms_months = sorted(set(terms))
    methods = product.repayment_methods
    if not methods or any(m not in RepaymentMethod.values for m in methods):
        errors.append(_("Choose at least one known repayment method."))
    if product.penalty_multiplier < 1 or product.penalty_multiplier > 2:
        errors.append(_("The penalty multiplier lies between 1.00 and 2.00."))
    if not 18 <= product.min_age < product.max_age <= 70:
        errors.append(_("Ages run from at least 18 to at most 70, youngest first."))
    if not 0 < product.max_debt_to_income <= 1:
        errors.append(_("The debt-to-income ratio is a fraction above 0 and at most 1."))
    if product.min_monthly_income <= 0:
        errors.append(_("The lowest monthly income must be positive."))
    if product.review_band > product.approve_score:
        errors.append(_("The review band cannot be wider than the approval score."))
    if not isinstance(product.purposes, list) or not all(
        isinstance(p, str) and p.strip() for p in product.purposes
    ):
        errors.append(_("Purposes are a list of names."))
    if errors:
        raise DomainError("invalid_product", " ".join(errors), status=422, errors=errors)


def _refuse_cap_violations(product: Product, code: str) -> None:
    violations = cap_violations(product)
    if violations:
        messages = [v.message for v in violations]
        raise DomainError(code, " ".join(messages), status=409, errors=messages)


def product_update(*, product: Product, actor: Any, **changes: Any) -> Product:
    """Change the product's parameters (only EDITABLE_FIELDS). An active product keeps
    within every active cap: a change that would break one is refused whole."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(
            "unknown_field",
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            status=422,
        )
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        for field, value in changes.items():
            setattr(locked, field, value)
        _validate(locked)
        if locked.status == Product.Status.ACTIVE:
            _refuse_cap_violations(locked, "breaks_regulatory_cap")
        locked.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save()
        audit_record(
            action=Action.UPDATE, actor=actor, obj=locked, detail={"fields": sorted(changes)}
        )
    return locked


def product_activate(*, product: Product, actor: Any) -> Product:
    """Offer the product. Refused (409) while it breaks an active cap or lacks tiers or
    segments."""
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        _validate(locked)
        if not locked.tiers.exists():
            raise DomainError(
                "no_rate_tiers", _("Give the product at least one rate tier."), status=409
            )
        if not locked.segments.exists():
            raise DomainError(
                "no_segments",
                _("Open the product to at least one customer segment."),
                status=409,
            )
        _refuse_cap_violations(locked, "breaks_regulatory_cap")
        locked.status = Product.Status.ACTIVE
        locked.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status", "updated_by", "updated_at"])
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"status": "active"})
    return locked


def product_suspend(*, product: Product, actor: Any) -> Product:
    """Stop new applications and draws; existing lines keep accruing and can be repaid."""
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        locked.status = Product.Status.SUSPENDED
        locked.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status", "updated_by", "updated_at"])
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"status": "suspended"})
    return locked


def tier_update(
    *,
    tier: RateTier,
    actor: Any,
    daily_rate: Decimal,
    min_score: int,
    income_multiple: Decimal,
    max_limit: Decimal,
) -> RateTier:
    """Change one grade's rate and limit rules; lines already open keep their rate."""
    if not 0 < daily_rate <= MAX_DAILY_RATE:
        raise DomainError(
            "invalid_rate",
            _("A daily rate lies above 0 and at most 0.1 % a day."),
            status=422,
        )
    if income_multiple <= 0 or max_limit <= 0:
        raise DomainError(
            "invalid_tier",
            _("The income multiple and the grade's highest limit must be positive."),
            status=422,
        )
    with transaction.atomic():
        locked = (
            RateTier.objects.select_for_update(of=("self",))
            .select_related("product")
            .get(pk=tier.pk)
        )
        if max_limit > locked.product.credit_limit_max:
            raise DomainError(
                "invalid_tier",
                _("A grade's highest limit cannot exceed the product's highest limit."),
                status=422,
            )
        locked.daily_rate = daily_rate
        locked.min_score = min_score
        locked.income_multiple = income_multiple
        locked.max_limit = max_limit
        locked.save()
        audit_record(
            action=Action.UPDATE,
            actor=actor,
            obj=locked,
            detail={"grade": locked.grade, "daily_rate": str(daily_rate)},
        )
    return locked


def cap_set_active(*, cap: RegulatoryCap, active: bool, actor: Any) -> list[Product]:
    """Switch a regulatory cap on or off. Returns the active products that break it: they
    keep serving existing lines, but cannot be edited or re-activated until they comply."""
    with transaction.atomic():
        locked = RegulatoryCap.objects.select_for_update().get(pk=cap.pk)
        locked.is_active = active
        locked.save(update_fields=["is_active", "changed_at"])
        audit_record(action=Action.UPDATE, actor=actor, obj=locked, detail={"active": active})
    if not active:
        return []
    return [
        p
        for p in Product.objects.filter(status=Product.Status.ACTIVE)
        if cap_violations(p, [locked])
    ]
