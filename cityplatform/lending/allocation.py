"""How a repayment is shared out, as a pure function: penalty interest first, then
interest (overdue first), then principal (overdue first), oldest draw first within
each; what is left is a surplus for the customer's credit balance."""

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Debt:
    """What one draw owes, by kind."""

    draw_id: int
    penalty: Decimal
    interest_overdue: Decimal
    interest_current: Decimal  # accrued, not yet due
    principal_overdue: Decimal
    principal_current: Decimal  # not yet due

    @property
    def total(self) -> Decimal:
        return (
            self.penalty
            + self.interest_overdue
            + self.interest_current
            + self.principal_overdue
            + self.principal_current
        )


@dataclass
class Share:
    draw_id: int
    penalty: Decimal = ZERO
    interest_overdue: Decimal = ZERO
    interest_current: Decimal = ZERO
    principal_overdue: Decimal = ZERO
    principal_current: Decimal = ZERO

    @property
    def interest(self) -> Decimal:
        return self.interest_overdue + self.interest_current

    @property
    def principal(self) -> Decimal:
        return self.principal_overdue + self.principal_current

    @property
    def total(self) -> Decimal:
        return self.penalty + self.interest + self.principal


@dataclass
class Allocation:
    shares: list[Share] = field(default_factory=list)
    surplus: Decimal = ZERO

    @property
    def penalty(self) -> Decimal:
        return sum((s.penalty for s in self.shares), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((s.interest for s in self.shares), ZERO)

    @property
    def principal(self) -> Decimal:
        return sum((s.principal for s in self.shares), ZERO)


ORDER = (
    "penalty",
    "interest_overdue",
    "interest_current",
    "principal_overdue",
    "principal_current",
)


def allocate(amount: Decimal, debts: list[Debt]) -> Allocation:
    """Share `amount` over `debts` (given oldest draw first)."""
    shares = [Share(d.draw_id) for d in debts]
    left = amount
    for kind in ORDER:
        for debt, share in zip(debts, shares, strict=True):
            if left <= 0:
                break
            paid = min(left, getattr(debt, kind))
            if paid > 0:
                setattr(share, kind, paid)
                left -= paid
    return Allocation(shares=[s for s in shares if s.total > 0], surplus=left)
