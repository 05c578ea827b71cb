"""What every daily-report page shares: who may open it, the kind, months and errors."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.reports.days import in_range
from cityplatform.reports.kinds import ReportKind, get_kind
from cityplatform.reports.permissions import may_use_reports

View = Callable[..., HttpResponse]


def reports_page(view: View) -> View:
    """Logged in, with a daily-report role; anyone else is refused (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_use_reports(request.user):
            raise PermissionDenied(_("Daily reports are for village, town and county staff."))
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def kind_or_404(code: str) -> ReportKind:
    kind = get_kind(code)
    if kind is None:
        raise Http404
    return kind


def month_start(value: str | None, today: date) -> date:
    """The first day of the month named `YYYY-MM`, or of today's month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        return today.replace(day=1)
    return first if in_range(first) else today.replace(day=1)


def error_status_and_text(exc: DomainError | ValidationError | PermissionDenied) -> tuple[int, str]:
    if isinstance(exc, DomainError):
        return exc.status, str(exc.message)
    if isinstance(exc, ValidationError):
        return 422, "；".join(str(m) for m in exc.messages)
    return 403, str(exc) or _("You may not do this.")
