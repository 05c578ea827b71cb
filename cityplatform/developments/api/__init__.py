"""Developments API, mounted at /api/developments/.

Public: developments being promoted (list with filters, and one with its unit types,
photos, price summary and the platform's hotline) and sending an enquiry (throttled
per client address). Staff (token or session): enquiry handlers list, open (full
phone, audited) and work enquiries; developments editors create developments with
their unit types and move the sale status. Money is a decimal string ("8500.00").
"""

# The endpoint modules register themselves on the shared router.
from cityplatform.developments.api import editors, enquiries, public  # noqa: F401
from cityplatform.developments.api.common import router

__all__ = ["router"]
