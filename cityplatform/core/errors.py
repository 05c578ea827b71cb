"""The error services raise when a request breaks a business rule.

Views turn it into a form error or message, the API into
`{"error": {"code": ..., "message": ...}}` with `status` (a 4xx).
"""

from typing import Any


class DomainError(Exception):
    status = 400

    def __init__(
        self, code: str, message: str, *, status: int | None = None, **details: Any
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status
        self.details = details


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__("not_found", message)
