"""The auditor's page: who looked at, exported or changed a given child, and when."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cityplatform.children.access import may_audit
from cityplatform.children.forms import AuditLookupForm
from cityplatform.children.selectors import child_access_log

PAGE_SIZE = 100


@login_required
@require_http_methods(["GET"])
def child_audit(request: HttpRequest) -> HttpResponse:
    """Auditors only; they see record numbers and who did what, never the child."""
    if not may_audit(request.user):
        raise PermissionDenied(_("Only auditors may read the audit log."))
    form = AuditLookupForm(request.GET or None)
    page = None
    if form.is_valid():
        entries = child_access_log(auditor=request.user, child_id=form.cleaned_data["child"])
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "children/audit.html", {"form": form, "page": page}, status=status)
