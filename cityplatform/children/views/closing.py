"""Closing a child's record (the child left the registry) and reopening it."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cityplatform.children import selectors
from cityplatform.children.forms import CloseForm, ReopenForm
from cityplatform.children.services import child_close, child_reopen

from .care import handle_child_form
from .common import registry_view


@registry_view
@require_http_methods(["GET", "POST"])
def child_close_view(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, pk=child_pk)
    return handle_child_form(
        request,
        child=child,
        form=CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()}),
        title=_("Close the record"),
        save=lambda data: child_close(
            actor=request.user,
            child=child,
            reason=data["closed_reason"],
            closed_on=data["closed_on"],
            note=data["closed_note"],
        ),
    )


@registry_view
@require_http_methods(["GET", "POST"])
def child_reopen_view(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = selectors.child_get(user=request.user, pk=child_pk)
    return handle_child_form(
        request,
        child=child,
        form=ReopenForm(request.POST or None),
        title=_("Reopen the record"),
        save=lambda data: child_reopen(actor=request.user, child=child, reason=data["reason"]),
    )
