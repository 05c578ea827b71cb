"""The public "register a demand" page and its thank-you page (一个电话, 专人为您匹配).
Posts count against the client address's demand budget, shared with the API."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cityplatform.housing.forms_demands import DemandForm, initial_from_search
from cityplatform.housing.selectors import listings_public
from cityplatform.housing.services import demand_register
from cityplatform.housing.throttles import demand_budget


def _listing_from(request: HttpRequest) -> object:
    listing_id = request.GET.get("listing", "")
    if not listing_id.isdigit() or len(listing_id) > 12:
        return None
    return listings_public().filter(pk=int(listing_id)).first()


@require_http_methods(["GET", "POST"])
def demand_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DemandForm(request.POST)
        if not demand_budget().allow_request(request):
            form.is_valid()  # the form shows again as it was sent
            form.add_error(
                None,
                _(
                    "Too many demands from your network. Please try again in a minute, "
                    "or call our home-buying hotline."
                ),
            )
            return render(request, "housing/demand_form.html", {"form": form}, status=429)
        if form.is_valid():
            if form.is_spam:
                # Look like success to the bot; store nothing.
                return redirect("housing:demand_done")
            try:
                demand_register(**form.service_values())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("housing:demand_done")
        return render(request, "housing/demand_form.html", {"form": form}, status=400)
    form = DemandForm(initial=initial_from_search(request.GET, _listing_from(request)))
    return render(request, "housing/demand_form.html", {"form": form})


@require_GET
def demand_done(request: HttpRequest) -> HttpResponse:
    return render(request, "housing/demand_done.html")
