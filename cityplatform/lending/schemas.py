"""The API's answers: every resource as the contract shows it (money as decimal strings
with two places, rates as per cent strings: annual first-class beside daily)."""

from ninja import Field, Schema

from cityplatform.lending import rates, selectors
from cityplatform.lending.amounts import yuan
from cityplatform.lending.models import Application, Draw, Line, Refund, Repayment


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


class LineOut(Schema):
    id: int
    status: str
    product: str
    grade: str
    credit_limit: str
    available: str
    principal_outstanding: str
    interest_outstanding: str
    penalty_outstanding: str
    overdue: str
    credit_balance: str
    interest_charged: str = Field(..., description="Interest charged since the line opened")
    penalty_charged: str
    payoff: str = Field(..., description="Everything owed today")
    daily_rate: str = Field(..., description="Per cent a day")
    annual_rate: str = Field(..., description="Simple annualised rate, per cent")
    opened_on: str
    business_date: str
    next_due_date: str | None
    next_due_amount: str


def line_out(line: Line) -> LineOut:
    s = selectors.line_summary(line)
    return LineOut(
        id=line.pk,
        status=line.status,
        product=line.product.name,
        grade=line.grade,
        credit_limit=yuan(line.credit_limit),
        available=yuan(line.available),
        principal_outstanding=yuan(line.principal_outstanding),
        interest_outstanding=yuan(s.interest_outstanding),
        penalty_outstanding=yuan(s.penalty_outstanding),
        overdue=yuan(s.overdue),
        credit_balance=yuan(line.credit_balance),
        interest_charged=yuan(s.interest_charged),
        penalty_charged=yuan(s.penalty_charged),
        payoff=yuan(s.payoff),
        daily_rate=rates.daily_percent(line.daily_rate),
        annual_rate=rates.annual_percent(line.daily_rate),
        opened_on=line.opened_on.isoformat(),
        business_date=s.business_date.isoformat(),
        next_due_date=s.next_due_date.isoformat() if s.next_due_date else None,
        next_due_amount=yuan(s.next_due_amount),
    )


class InstalmentOut(Schema):
    seq: int
    due_date: str
    principal: str
    # If every instalment is paid on its due date; what is charged is what accrues.
    interest_expected: str | None
    interest_due: str | None
    status: str


class DrawOut(Schema):
    id: int
    line_id: int
    status: str
    amount: str
    purpose: str
    term_months: int
    repayment_method: str
    # 等额本息 (equal_instalment) only: the equal monthly total.
    instalment_amount: str | None
    daily_rate: str
    annual_rate: str
    requested_at: str
    disbursed_at: str | None
    seconds_to_disburse: float | None
    disbursed_on: str | None
    maturity_date: str | None
    principal_outstanding: str
    interest_outstanding: str
    penalty_outstanding: str
    attempts: int
    failure_reason: str
    instalments: list[InstalmentOut]


def draw_out(draw: Draw) -> DrawOut:
    return DrawOut(
        id=draw.pk,
        line_id=draw.line_id,
        status=draw.status,
        amount=yuan(draw.amount),
        purpose=draw.purpose,
        term_months=draw.term_months,
        repayment_method=draw.repayment_method,
        instalment_amount=(
            yuan(draw.instalment_amount) if draw.instalment_amount is not None else None
        ),
        daily_rate=rates.daily_percent(draw.daily_rate),
        annual_rate=rates.annual_percent(draw.daily_rate),
        requested_at=draw.requested_at.isoformat(),
        disbursed_at=draw.disbursed_at.isoformat() if draw.disbursed_at else None,
        seconds_to_disburse=draw.seconds_to_disburse,
        disbursed_on=draw.disbursed_on.isoformat() if draw.disbursed_on else None,
        maturity_date=draw.maturity_date.isoformat() if draw.maturity_date else None,
        principal_outstanding=yuan(draw.principal_outstanding),
        interest_outstanding=yuan(draw.interest_outstanding),
        penalty_outstanding=yuan(draw.penalty_outstanding),
        attempts=draw.attempts,
        failure_reason=draw.failure_reason,
        instalments=[
            InstalmentOut(
                seq=i.seq,
                due_date=i.due_date.isoformat(),
                principal=yuan(i.principal),
                interest_expected=(
                    yuan(i.interest_expected) if i.interest_expected is not None else None
                ),
                interest_due=yuan(i.interest_due) if i.interest_due is not None else None,
                status=i.status,
            )
            for i in draw.instalments.order_by("seq")
        ],
    )


class RepaymentOut(Schema):
    id: int
    line_id: int
    amount: str
    penalty_paid: str
    interest_paid: str
    principal_paid: str
    credit_added: str
    business_date: str
    created_at: str


def repayment_out(repayment: Repayment) -> RepaymentOut:
    return RepaymentOut(
        id=repayment.pk,
        line_id=repayment.line_id,
        amount=yuan(repayment.amount),
        penalty_paid=yuan(repayment.penalty_paid),
        interest_paid=yuan(repayment.interest_paid),
        principal_paid=yuan(repayment.principal_paid),
        credit_added=yuan(repayment.credit_added),
        business_date=repayment.business_date.isoformat(),
        created_at=repayment.created_at.isoformat(),
    )


class RefundOut(Schema):
    id: int
    line_id: int
    amount: str
    status: str = Field(..., description="paying, paid, or failed (the balance restored)")
    business_date: str
    requested_at: str
    paid_at: str | None
    attempts: int
    failure_reason: str


def refund_out(refund: Refund) -> RefundOut:
    return RefundOut(
        id=refund.pk,
        line_id=refund.line_id,
        amount=yuan(refund.amount),
        status=refund.status,
        business_date=refund.business_date.isoformat(),
        requested_at=refund.requested_at.isoformat(),
        paid_at=refund.paid_at.isoformat() if refund.paid_at else None,
        attempts=refund.attempts,
        failure_reason=refund.failure_reason,
    )
