"""One budget of enquiries per client address, shared by the page form and the API,
so a script cannot double it by alternating between them."""

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja.throttling import SimpleRateThrottle

from cityplatform.core.errors import DomainError

# Plenty for a family comparing developments, tight for a script filling the queue.
ENQUIRY_RATE = "10/m"


class EnquiryThrottle(SimpleRateThrottle):
    """Counts per REMOTE_ADDR only, as the audit log does: the server sets it from a
    trusted proxy, while a client-sent X-Forwarded-For would let a script dodge the limit."""

    scope = "developments_enquiry"

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR")}


def enquiry_throttle_check(request: HttpRequest) -> None:
    """Count this attempt; raise a 429 DomainError when the address is over budget."""
    if not EnquiryThrottle(ENQUIRY_RATE).allow_request(request):
        raise DomainError(
            "too_many_requests",
            gettext(
                "Too many enquiries from your network. Please try again in a minute, "
                "or call our home-buying hotline."
            ),
            status=429,
        )
