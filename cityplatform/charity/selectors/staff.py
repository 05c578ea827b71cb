"""What charity staff see: only organisations inside their jurisdiction, and what
belongs to those organisations (anything else answers 404)."""

from typing import Any

from django.db.models import QuerySet

from cityplatform.accounts.jurisdiction import get_visible_or_404, visible_to
from cityplatform.charity.models import (
    Campaign,
    Designation,
    Disbursement,
    Donation,
    Fund,
    Organisation,
)

STAFF_ROLES = ("charity_clerk", "charity_reviewer")


def is_charity_staff(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or any(user.has_role(r) for r in STAFF_ROLES))
    )


def organisations_for(user: Any) -> QuerySet[Organisation]:
    return visible_to(Organisation.objects.all(), user).order_by("name")


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(organisations__in=organisations_for(user))
        .distinct()
        .order_by("-start_date", "id")
    )


def designations_for(user: Any) -> QuerySet[Designation]:
    return Designation.objects.filter(campaign__in=campaigns_for(user)).select_related("campaign")


def funds_for(user: Any) -> QuerySet[Fund]:
    return (
        visible_to(Fund.objects.all(), user)
        .select_related("organisation", "campaign", "designation")
        .order_by("campaign", "organisation", "kind", "id")
    )


def disbursements_for(user: Any, *, status: str | None = None) -> QuerySet[Disbursement]:
    qs = visible_to(Disbursement.objects.all(), user).select_related(
        "organisation",
        "campaign",
        "designation",
        "proposed_by",
        "decided_by",
        "correction",
        "from_correction",
    )
    if status:
        qs = qs.filter(status=status)
    return qs.prefetch_related("lines__fund__designation").order_by("-proposed_at", "-id")


def disbursement_for(user: Any, pk: int) -> Disbursement:
    return get_visible_or_404(disbursements_for(user), user, pk=pk)


def donations_for(user: Any) -> QuerySet[Donation]:
    return (
        visible_to(Donation.objects.all(), user)
        .select_related("donor", "organisation", "campaign", "designation", "correction")
        .order_by("-recorded_at", "-id")
    )


def donation_for(user: Any, pk: int) -> Donation:
    return get_visible_or_404(donations_for(user), user, pk=pk)


def campaign_for(user: Any, pk: int) -> Campaign:
    campaign = campaigns_for(user).filter(pk=pk).first()
    if campaign is None:
        from django.http import Http404

        raise Http404
    return campaign
