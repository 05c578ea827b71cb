"""One budget of enquiries per client address, shared by the page form and the API,
so a script cannot double it by alternating between them."""

from django.http import HttpRequest
from django.utils.translation import gettext

from cityplatform.core.errors import DomainError
from cityplatform.core.throttles import ClientAddressBudget

# Plenty for a family comparing developments, tight for a script filling the queue.
ENQUIRY_RATE = "10/m"
ENQUIRY_SCOPE = "developments_enquiry"


def enquiry_throttle_check(request: HttpRequest) -> None:
    """Count this attempt; raise a 429 DomainError when the address is over budget."""
    if not ClientAddressBudget(ENQUIRY_RATE, scope=ENQUIRY_SCOPE).allow_request(request):
        raise DomainError(
            "too_many_requests",
            gettext(
                "Too many enquiries from your network. Please try again in a minute, "
                "or call our home-buying hotline."
            ),
            status=429,
        )
