"""The public reports a false listing (举报虚假房源) from the listing's page; staff
resolve the report in the admin and find it on their console. Reports are counted per
client address, so a script cannot flood the staff's queue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cityplatform.core.throttles import ClientAddressBudget
from cityplatform.housing.forms_reports import FalseListingReportForm
from cityplatform.housing.selectors import listing_get_public
from cityplatform.housing.services import false_listing_report_submit

# A neighbour reports a listing or two; more is a script.
REPORT_RATE = "5/m"
REPORT_SCOPE = "housing_false_listing_report"


@require_http_methods(["GET", "POST"])
def listing_report(request: HttpRequest, pk: int) -> HttpResponse:
    listing = listing_get_public(pk)  # 404 unless on the market
    form = FalseListingReportForm(request.POST or None)
    if request.method == "POST":
        if not ClientAddressBudget(REPORT_RATE, scope=REPORT_SCOPE).allow_request(request):
            form.is_valid()  # the form shows again as it was sent
            form.add_error(
                None,
                _("Too many reports from your network. Please try again in a minute, or call us."),
            )
            context = {"listing": listing, "form": form}
            return render(request, "housing/listing_report.html", context, status=429)
        if form.is_valid():
            if form.is_spam:
                return redirect(
                    "housing:detail", pk=listing.pk
                )  # looks like success; stores nothing
            try:
                false_listing_report_submit(listing=listing, **form.service_values())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Thank you: our staff will check this listing."))
                return redirect("housing:detail", pk=listing.pk)
        context = {"listing": listing, "form": form}
        return render(request, "housing/listing_report.html", context, status=400)
    return render(request, "housing/listing_report.html", {"listing": listing, "form": form})
