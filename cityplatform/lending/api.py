"""Lending API, mounted at /api/lending/.

Money is always a decimal string in yuan with two places ("10000.00"); rates are
per cent strings: `daily_rate` "0.015" is 0.015 % a day, `annual_rate` "5.475" its
simple annualised rate. A borrower sees only their own applications and lines
(anything else answers 404). Draws, repayments and refunds need an `Idempotency-Key`
header.
"""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from cityplatform.accounts.auth import api_auth
from cityplatform.core.errors import DomainError
from cityplatform.lending import selectors
from cityplatform.lending.models import IdempotencyRecord, Line
from cityplatform.lending.schemas import (
    ApplicationOut,
    DrawOut,
    LineOut,
    RefundOut,
    RepaymentOut,
    application_out,
    draw_out,
    line_out,
    refund_out,
    repayment_out,
)
from cityplatform.lending.services.applications import ApplicationInput, application_submit
from cityplatform.lending.services.disbursement import draw_disburse
from cityplatform.lending.services.draws import draw_request
from cityplatform.lending.services.idempotency import (
    fingerprint,
    idempotency_answer,
    idempotency_refusal,
    key_validate,
)
from cityplatform.lending.services.refunds import refund_pay, refund_request
from cityplatform.lending.services.repayments import repayment_make

router = Router(tags=["lending"])

# Draws, repayments and refunds move money once per key (services.idempotency).
IDEMPOTENCY_KEY_HEADER = {
    "parameters": [
        {"in": "header", "name": "Idempotency-Key", "required": True, "schema": {"type": "string"}}
    ]
}


class ApplicationIn(Schema):
    full_name: str = Field(..., max_length=100)
    id_number: str = Field(..., max_length=40, description="Resident identity card number")
    phone: str = Field(..., max_length=40)
    place_code: str = Field(..., max_length=12, description="District or county of 株洲")
    employer_name: str = Field(..., max_length=300)
    segment: str = Field(..., max_length=40, description="payroll, mortgage, public, enterprise")
    segment_evidence: str = Field(..., max_length=100)
    monthly_income: str = Field(..., max_length=20, description='Yuan, e.g. "12000.00"')
    monthly_debt_payments: str = Field("0", max_length=20)
    employment_years: int = Field(..., ge=0, le=100)
    consent: bool


@router.post("/applications", response={201: ApplicationOut}, auth=api_auth)
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status[ApplicationOut]:
    product = selectors.product_for_sale()
    if product is None:
        raise DomainError(
            "product_not_offered", _("The product is not on offer at the moment."), status=409
        )
    application = application_submit(
        applicant=request.user,
        product=product,
        data=ApplicationInput(
            full_name=payload.full_name,
            id_number=payload.id_number,
            phone=payload.phone,
            place_code=payload.place_code,
            employer_name=payload.employer_name,
            segment_code=payload.segment,
            segment_evidence=payload.segment_evidence,
            monthly_income=payload.monthly_income,
            monthly_debt_payments=payload.monthly_debt_payments,
            employment_years=payload.employment_years,
            consent=payload.consent,
        ),
    )
    return Status(201, application_out(application))


@router.get("/applications/{application_id}", response=ApplicationOut, auth=api_auth)
def application_detail(request: HttpRequest, application_id: int) -> ApplicationOut:
    return application_out(selectors.application_get_for_applicant(request.user, application_id))


class DrawIn(Schema):
    amount: str = Field(..., max_length=30, description='Yuan as a decimal string, "5000.00"')
    purpose: str = Field(..., max_length=200)
    term_months: int = Field(..., ge=1, le=36)
    repayment_method: str | None = Field(
        None,
        max_length=30,
        description="monthly_interest, equal_instalment, equal_principal or bullet",
    )


class RepaymentIn(Schema):
    amount: str = Field(..., max_length=30, description='Yuan as a decimal string, "5000.00"')


class RefundIn(Schema):
    amount: str = Field(
        ..., max_length=30, description='Yuan, at most the credit balance, "500.00"'
    )


# Refusals kept under the key (the same request gets the same refusal again). Not kept:
# a reused key's conflict, and a close of business in progress (retry with the same key).
NOT_KEPT = {"idempotency_key_reused", "idempotency_key_required", "close_of_business_running"}


def _json(body: Any, status: int, *, replayed: bool) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Idempotent-Replayed"] = "true" if replayed else "false"
    return response


def _error_body(exc: DomainError) -> dict[str, Any]:
    return {"error": {"code": exc.code, "message": str(exc.message), **exc.details}}


def _replay(record: IdempotencyRecord) -> JsonResponse:
    if record.status_code is None:
        # The first request stopped before answering (a crash, or it is still paying
        # out): answer with the resource as it stands now, and keep that answer.
        if record.draw is not None:
            body: Any = draw_out(record.draw).dict()
        elif record.refund is not None:
            body = refund_out(record.refund).dict()
        else:
            assert record.repayment is not None
            body = repayment_out(record.repayment).dict()
        idempotency_answer(record=record, status_code=201, body=body)
    assert record.status_code is not None
    return _json(record.response, record.status_code, replayed=True)


def _idempotent(
    request: HttpRequest, line: Line, operation: str, body: dict[str, Any], run: Any
) -> JsonResponse:
    key = key_validate(request.headers.get("Idempotency-Key"))
    print_ = fingerprint(operation, body)
    try:
        result = run(key, print_)
    except DomainError as exc:
        if exc.code in NOT_KEPT or exc.status not in (409, 422):
            raise
        record = idempotency_refusal(
            line=line,
            key=key,
            operation=operation,
            fingerprint=print_,
            status_code=exc.status,
            body=_error_body(exc),
        )
        assert record.status_code is not None
        return _json(record.response, record.status_code, replayed=False)
    if isinstance(result, JsonResponse):
        return result
    return _replay(result.record)


@router.get("/lines", response=list[LineOut], auth=api_auth)
def lines(request: HttpRequest) -> list[LineOut]:
    return [line_out(line) for line in selectors.lines_for_borrower(request.user)]


@router.get("/lines/{line_id}", response=LineOut, auth=api_auth)
def line_detail(request: HttpRequest, line_id: int) -> LineOut:
    return line_out(selectors.line_get_for_borrower(request.user, line_id))


@router.get("/lines/{line_id}/draws", response=list[DrawOut], auth=api_auth)
def draws(request: HttpRequest, line_id: int) -> list[DrawOut]:
    line = selectors.line_get_for_borrower(request.user, line_id)
    return [draw_out(d) for d in selectors.line_draws(line)[:100]]


@router.get("/lines/{line_id}/draws/{draw_id}", response=DrawOut, auth=api_auth)
def draw_detail(request: HttpRequest, line_id: int, draw_id: int) -> DrawOut:
    return draw_out(selectors.draw_get_for_borrower(request.user, line_id, draw_id))


@router.post(
    "/lines/{line_id}/draws",
    response={201: DrawOut},
    auth=api_auth,
    openapi_extra=IDEMPOTENCY_KEY_HEADER,
)
def draw_create(request: HttpRequest, line_id: int, payload: DrawIn) -> JsonResponse:
    """Draw on the line: checked, booked and paid out through the payment rail. The
    answer says `disbursed` when the money has arrived (or `disbursing` while the rail
    is retried, or `failed` if it never paid and the draw was reversed)."""
    line = selectors.line_get_for_borrower(request.user, line_id)

    def run(key: str, print_: str) -> Any:
        result = draw_request(
            line=line,
            actor=request.user,
            amount=payload.amount,
            purpose=payload.purpose,
            term_months=payload.term_months,
            repayment_method=payload.repayment_method,
            idempotency_key=key,
            fingerprint=print_,
        )
        if result.replayed:
            return result
        assert result.draw is not None
        draw = draw_disburse(draw_id=result.draw.pk)
        body = draw_out(draw).dict()
        idempotency_answer(record=result.record, status_code=201, body=body)
        return _json(result.record.response, 201, replayed=False)

    return _idempotent(request, line, "draw", payload.dict(), run)


@router.get("/lines/{line_id}/repayments", response=list[RepaymentOut], auth=api_auth)
def repayments(request: HttpRequest, line_id: int) -> list[RepaymentOut]:
    line = selectors.line_get_for_borrower(request.user, line_id)
    return [repayment_out(r) for r in selectors.line_repayments(line)[:100]]


@router.post(
    "/lines/{line_id}/repayments",
    response={201: RepaymentOut},
    auth=api_auth,
    openapi_extra=IDEMPOTENCY_KEY_HEADER,
)
def repayment_create(request: HttpRequest, line_id: int, payload: RepaymentIn) -> JsonResponse:
    """Repay any amount: penalty interest first, then interest, then principal; a
    surplus is held as the line's credit balance."""
    line = selectors.line_get_for_borrower(request.user, line_id)

    def run(key: str, print_: str) -> Any:
        result = repayment_make(
            line=line,
            actor=request.user,
            amount=payload.amount,
            idempotency_key=key,
            fingerprint=print_,
        )
        if result.replayed:
            return result
        assert result.repayment is not None
        body = repayment_out(result.repayment).dict()
        idempotency_answer(record=result.record, status_code=201, body=body)
        return _json(result.record.response, 201, replayed=False)

    return _idempotent(request, line, "repayment", payload.dict(), run)


@router.get("/lines/{line_id}/refunds", response=list[RefundOut], auth=api_auth)
def refunds(request: HttpRequest, line_id: int) -> list[RefundOut]:
    line = selectors.line_get_for_borrower(request.user, line_id)
    return [refund_out(r) for r in selectors.line_refunds(line)[:100]]


@router.post(
    "/lines/{line_id}/refunds",
    response={201: RefundOut},
    auth=api_auth,
    openapi_extra=IDEMPOTENCY_KEY_HEADER,
)
def refund_create(request: HttpRequest, line_id: int, payload: RefundIn) -> JsonResponse:
    """Have part or all of the credit balance (overpaid money) paid back to your account
    through the payment rail. The answer says `paid`, or `failed` if the rail never paid
    (the balance is then restored); more than the balance is refused (422)."""
    line = selectors.line_get_for_borrower(request.user, line_id)

    def run(key: str, print_: str) -> Any:
        result = refund_request(
            line=line,
            actor=request.user,
            amount=payload.amount,
            idempotency_key=key,
            fingerprint=print_,
        )
        if result.replayed:
            return result
        assert result.refund is not None
        body = refund_out(refund_pay(refund_id=result.refund.pk)).dict()
        idempotency_answer(record=result.record, status_code=201, body=body)
        return _json(result.record.response, 201, replayed=False)

    return _idempotent(request, line, "refund", payload.dict(), run)
