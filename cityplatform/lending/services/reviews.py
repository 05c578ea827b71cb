"""An officer decides an application from the queue (the borderline cases)."""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text
from cityplatform.lending.amounts import money_parse
from cityplatform.lending.models import Application, Decision, Outcome
from cityplatform.lending.services.lines import line_open


def application_review(
    *,
    application: Application,
    officer: Any,
    approve: bool,
    note: str,
    credit_limit: Any = None,
) -> Decision:
    """An officer decides an application from the queue. Approval may lower the proposed
    limit (never raise it above the grade's cap); a rejection needs a note."""
    note = clean_text(note)
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("product")
            .get(pk=application.pk)
        )
        if locked.status != Outcome.REVIEW:
            raise DomainError(
                "not_in_review", _("This application has already been decided."), status=409
            )
        automatic = locked.decisions.filter(kind=Decision.Kind.AUTOMATIC).first()
        assert automatic is not None
        product = locked.product
        limit: Decimal | None = None
        reasons: list[str]
        if approve:
            proposed = automatic.credit_limit or product.credit_limit_min
            tier = product.tiers.filter(grade=automatic.grade).first()
            ceiling = min(tier.max_limit if tier else proposed, product.credit_limit_max)
            limit = (
                proposed
                if credit_limit in (None, "")
                else money_parse(credit_limit, field="credit_limit")
            )
            if not product.credit_limit_min <= limit <= ceiling:
                raise DomainError(
                    "invalid_limit",
                    _("The limit lies between %(low)s and %(high)s yuan.")
                    % {"low": f"{product.credit_limit_min:.2f}", "high": f"{ceiling:.2f}"},
                    status=422,
                    fields={"credit_limit": [_("Outside the allowed range.")]},
                )
            with translation.override("zh-hans"):
                reasons = [
                    *automatic.reasons[:-1],
                    _("Approved by a credit officer with a limit of %(limit)s yuan.")
                    % {"limit": f"{limit:,.0f}"},
                ]
        else:
            if not note:
                raise DomainError(
                    "note_required",
                    _("Say why the application is declined."),
                    status=422,
                    fields={"note": [_("Say why the application is declined.")]},
                )
            with translation.override("zh-hans"):
                reasons = [_("Declined by a credit officer: %(note)s") % {"note": note}]
        outcome = Outcome.APPROVED if approve else Outcome.REJECTED
        decision = Decision.objects.create(
            application=locked,
            kind=Decision.Kind.OFFICER,
            outcome=outcome,
            score=automatic.score,
            grade=automatic.grade if approve else "",
            daily_rate=automatic.daily_rate if approve else None,
            credit_limit=limit,
            inputs={"automatic_decision": automatic.pk, **automatic.inputs},
            rules=automatic.rules,
            score_lines=automatic.score_lines,
            reasons=reasons,
            engine_version=automatic.engine_version,
            decided_by=officer,
            note=note,
        )
        locked.status = outcome
        locked.decided_at = timezone.now()
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "decided_at"])
                if approve:
                    line_open(application=locked, decision=decision)
        except IntegrityError:
            raise DomainError(
                "duplicate_application",
                _("The applicant already holds a line of this product."),
                status=409,
            ) from None
        audit_record(action=Action.UPDATE, actor=officer, obj=locked, detail={"outcome": outcome})
    return decision
