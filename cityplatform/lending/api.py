"""Lending API, mounted at /api/lending/.

Money is always a decimal string in yuan with two places ("10000.00"); rates are
per cent strings: `daily_rate` "0.015" is 0.015 % a day, `annual_rate` "5.475" its
simple annualised rate. A borrower sees only their own applications and lines
(anything else answers 404). Draws and repayments need an `Idempotency-Key` header.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from cityplatform.accounts.auth import api_auth
from cityplatform.core.errors import DomainError
from cityplatform.lending import rates, selectors
from cityplatform.lending.models import Application
from cityplatform.lending.services.applications import ApplicationInput, application_submit

router = Router(tags=["lending"])


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


class ApplicationOut(Schema):
    id: int
    status: str
    credit_limit: str | None
    daily_rate: str | None = Field(None, description="Per cent a day")
    annual_rate: str | None = Field(None, description="Simple annualised rate, per cent")
    grade: str
    score: int | None
    reasons: list[str]
    line_id: int | None
    business_date: str


def application_out(application: Application) -> ApplicationOut:
    decision = selectors.application_latest_decision(application)
    rate = decision.daily_rate if decision else None
    line = selectors.application_line(application)
    return ApplicationOut(
        id=application.pk,
        status=application.status,
        credit_limit=f"{decision.credit_limit:.2f}"
        if decision and decision.credit_limit is not None
        else None,
        daily_rate=rates.daily_percent(rate) if rate is not None else None,
        annual_rate=rates.annual_percent(rate) if rate is not None else None,
        grade=decision.grade if decision else "",
        score=decision.score if decision else None,
        reasons=list(decision.reasons) if decision else [],
        line_id=line.pk if line else None,
        business_date=application.business_date.isoformat(),
    )


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
