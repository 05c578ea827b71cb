"""Idempotency-Key handling for draws, repayments and credit-balance refunds.

A key belongs to one line and is stored with a fingerprint of the request it came
with. The same key with the same request replays the first answer and moves no money;
the same key with a different request is refused (409). A request refused for bad
input keeps its key (the same request replays the same refusal), so a corrected
request goes with a new key. Every lookup happens under the line's row lock, so two
requests with one key at the same moment run one after the other.
"""

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.lending.models import Draw, IdempotencyRecord, Line, Refund, Repayment

KEY_MAX_LENGTH = 200


def key_validate(key: str | None) -> str:
    key = (key or "").strip()
    if not key or len(key) > KEY_MAX_LENGTH or not key.isprintable():
        raise DomainError(
            "idempotency_key_required",
            _("Send an Idempotency-Key header (1 to 200 printable characters) with the request."),
            status=400,
        )
    return key


def fingerprint(operation: str, body: dict[str, Any]) -> str:
    canonical = json.dumps({"operation": operation, "body": body}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_lookup(
    *, line: Line, key: str, operation: str, fingerprint: str
) -> IdempotencyRecord | None:
    """Under the line's lock: the earlier record of this very request, or None if the key
    is new; DomainError 409 if the key came with another request before."""
    record = IdempotencyRecord.objects.filter(line=line, key=key).first()
    if record is None:
        return None
    if record.operation != operation or record.fingerprint != fingerprint:
        raise DomainError(
            "idempotency_key_reused",
            _(
                "This Idempotency-Key was used for a different request on this line; "
                "use a new key for a new request."
            ),
            status=409,
        )
    return record


def idempotency_claim(
    *,
    line: Line,
    key: str,
    operation: str,
    fingerprint: str,
    draw: Draw | None = None,
    repayment: Repayment | None = None,
    refund: Refund | None = None,
) -> IdempotencyRecord:
    """Record the key with what the request created, in the request's own transaction."""
    return IdempotencyRecord.objects.create(
        line=line,
        key=key,
        operation=operation,
        fingerprint=fingerprint,
        draw=draw,
        repayment=repayment,
        refund=refund,
    )


def idempotency_answer(*, record: IdempotencyRecord, status_code: int, body: Any) -> None:
    """Keep the first answer given to the request (a later one never overwrites it)."""
    IdempotencyRecord.objects.filter(pk=record.pk, status_code__isnull=True).update(
        status_code=status_code, response=body
    )
    record.refresh_from_db(fields=["status_code", "response"])


def idempotency_refusal(
    *,
    line: Line,
    key: str,
    operation: str,
    fingerprint: str,
    status_code: int,
    body: Any,
) -> IdempotencyRecord:
    """Store a refusal under the key (or find the same request's earlier one)."""
    with transaction.atomic():
        Line.objects.select_for_update().filter(pk=line.pk).first()
        earlier = idempotency_lookup(
            line=line, key=key, operation=operation, fingerprint=fingerprint
        )
        if earlier is not None:
            return earlier
        return IdempotencyRecord.objects.create(
            line=line,
            key=key,
            operation=operation,
            fingerprint=fingerprint,
            status_code=status_code,
            response=body,
        )
