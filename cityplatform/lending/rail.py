"""The payment rail that pays a draw into the borrower's account.

`PaymentRail` is what the bank's transfer system must offer: `transfer` (idempotent
by the caller's transfer reference: a second call with the same reference pays
nothing and answers what the first did) and `status` (what became of a reference).
A timed-out call leaves the caller not knowing whether money moved; asking `status`,
or calling `transfer` again with the same reference, settles it without paying twice.

`SimulatedRail` stands in for it in development and tests, with injectable faults:
a delay per call, calls that fail before paying, calls that time out *after* paying
(the worst case), and a payee that always declines. The rail in use comes from
settings.LENDING_PAYMENT_RAIL (a dotted path) unless a test swaps it with `use()`.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string


class RailError(Exception):
    """The transfer did not happen; trying again may work."""


class RailTimeout(Exception):
    """No answer in time: the transfer may or may not have happened."""


class RailDeclined(Exception):
    """The transfer will never happen (the payee's account refuses it)."""


@dataclass(frozen=True)
class TransferStatus:
    transfer_id: str
    paid: bool


class PaymentRail(Protocol):
    # Pause between attempts (seconds); the disbursement service sleeps this long.
    retry_delay: float

    def transfer(self, *, transfer_id: str, amount: Decimal, payee: str) -> TransferStatus: ...

    def status(self, *, transfer_id: str) -> TransferStatus: ...


class SimulatedRail:
    """A bank transfer simulated in the database (see `SimulatedTransfer`).

    fail_first: that many calls fail before paying (RailError);
    timeout_first: that many calls pay, then time out (RailTimeout);
    decline: every call is declined (RailDeclined);
    delay: seconds each call takes.
    """

    def __init__(
        self,
        *,
        delay: float = 0.0,
        fail_first: int = 0,
        timeout_first: int = 0,
        decline: bool = False,
        retry_delay: float = 0.0,
    ) -> None:
        self.delay = delay
        self.fail_first = fail_first
        self.timeout_first = timeout_first
        self.decline = decline
        self.retry_delay = retry_delay
        self.calls = 0
        self._lock = threading.Lock()

    def _next_call(self) -> int:
        with self._lock:
            self.calls += 1
            return self.calls

    def transfer(self, *, transfer_id: str, amount: Decimal, payee: str) -> TransferStatus:
        from cityplatform.lending.models import SimulatedTransfer

        call = self._next_call()
        if self.delay:
            time.sleep(self.delay)
        if self.decline:
            raise RailDeclined("the payee's account refuses the transfer")
        if call <= self.fail_first:
            raise RailError(f"simulated failure of call {call}")
        try:
            # The rail's own book, committed whatever the caller's transaction does.
            with transaction.atomic():
                SimulatedTransfer.objects.create(
                    transfer_id=transfer_id, amount=amount, payee=payee
                )
        except IntegrityError:
            pass  # already paid under this reference: pay nothing, answer the same
        if call <= self.fail_first + self.timeout_first:
            raise RailTimeout(f"simulated timeout of call {call} (after paying)")
        return TransferStatus(transfer_id, paid=True)

    def status(self, *, transfer_id: str) -> TransferStatus:
        from cityplatform.lending.models import SimulatedTransfer

        paid = SimulatedTransfer.objects.filter(transfer_id=transfer_id).exists()
        return TransferStatus(transfer_id, paid=paid)


def transfer_attempts() -> int:
    """How many times a payment out (a draw, a refund) is tried before it fails."""
    return int(getattr(settings, "LENDING_DISBURSE_ATTEMPTS", 3))


def line_payee(line_id: int) -> str:
    # The borrower's own account, registered with the line at the bank.
    return f"line:{line_id}"


def transfer_paid(rail: "PaymentRail", transfer_id: str) -> bool:
    """Whether the rail paid the transfer; False if it cannot tell now."""
    try:
        return rail.status(transfer_id=transfer_id).paid
    except (RailError, RailTimeout):
        return False


_override: PaymentRail | None = None


def payment_rail() -> PaymentRail:
    if _override is not None:
        return _override
    path = getattr(settings, "LENDING_PAYMENT_RAIL", "cityplatform.lending.rail.SimulatedRail")
    options = getattr(settings, "LENDING_PAYMENT_RAIL_OPTIONS", {})
    rail: PaymentRail = import_string(path)(**options)
    return rail


@contextmanager
def use(rail: PaymentRail) -> Iterator[PaymentRail]:
    """Swap the rail in use (tests, the benchmark), restoring the previous one after."""
    global _override
    previous, _override = _override, rail
    try:
        yield rail
    finally:
        _override = previous
