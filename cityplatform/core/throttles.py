"""Rate limits per client address, for the public forms and endpoints anyone can post to.

The address is REMOTE_ADDR only, as the audit log records it: the server sets it from a
trusted proxy, while a client-sent X-Forwarded-For would let a script dodge the limit.
"""

from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, SimpleRateThrottle


class ClientAddressThrottle(AnonRateThrottle):
    """For an API operation's `throttle=`: anonymous requests, counted per address."""

    def get_ident(self, request: HttpRequest) -> str | None:
        return request.META.get("REMOTE_ADDR")


class ClientAddressBudget(SimpleRateThrottle):
    """Every request counted per address under `scope`: one budget a page form and an
    API can share (call `allow_request` from both)."""

    def __init__(self, rate: str, *, scope: str) -> None:
        self.scope = scope
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR")}
