"""Admin pages for the staff's work around listings: listing photos (an inline of the
listing admin), viewings and deals, inside the admin user's jurisdiction.

Viewings are booked and deals opened on the staff console (/housing/console/) or
through the API, where the services' refusals show as form errors; here staff find
them, read them (the buyer's phone in full, which is audited) and move them on with
actions that call the same services.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone
from cityplatform.housing import services
from cityplatform.housing.models import (
    Deal,
    DealEvent,
    Listing,
    ListingPhoto,
    Viewing,
    ViewingCall,
    ViewingStatus,
)


def _run(request: HttpRequest, queryset: QuerySet[Any], action: Callable[[Any], Any]) -> None:
    """Apply a service to each selected row; report what failed and how many succeeded."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except DomainError as exc:
            messages.error(request, f"#{obj.pk}: {exc.message}")
        except (PermissionDenied, ValidationError) as exc:
            text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, f"#{obj.pk}: {text}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d record changed.", "%(count)d records changed.", done)
            % {"count": done},
        )


class _AuditedViewMixin(admin.ModelAdmin):
    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The page shows the buyer's name and phone.
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            audit_record(action=Action.VIEW, obj=obj, request=request)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("buyer's phone"))
    def masked_phone(self, obj: Any) -> str:
        return mask_phone(obj.buyer_phone)


# --- Photos ----------------------------------------------------------------------


class ListingPhotoInline(admin.TabularInline):
    model = ListingPhoto
    extra = 1
    fields = ["image", "preview", "caption", "order"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj: ListingPhoto) -> str:
        if not obj.pk or not obj.image:
            return ""
        return format_html('<img src="{}" alt="" height="60">', obj.image.url)


def save_photo_formset(request: HttpRequest, listing: Listing, formset: BaseInlineFormSet) -> None:
    """The listing admin's photo inline, saved through the photo services."""
    photos = formset.save(commit=False)
    for photo in formset.deleted_objects:
        services.listing_photo_remove(photo=photo, actor=request.user)
    for photo in photos:
        try:
            if photo.pk is None:
                services.listing_photo_add(
                    listing=listing,
                    actor=request.user,
                    image=photo.image.file,
                    caption=photo.caption,
                    order=photo.order,
                )
            else:
                services.listing_photo_update(
                    photo=photo, actor=request.user, caption=photo.caption, order=photo.order
                )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))


# --- Viewings --------------------------------------------------------------------


class ViewingCallInline(admin.StackedInline):
    """The call owed to the buyer of a viewing cancelled as the home left the market;
    recorded on the console (services.viewing_call_done)."""

    model = ViewingCall
    extra = 0
    can_delete = False
    fields = readonly_fields = ("staff", "reason", "created_at", "called_at", "called_by", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Viewing)
class ViewingAdmin(_AuditedViewMixin, JurisdictionAdminMixin):
    list_display = [
        "id",
        "starts_at",
        "ends_at",
        "listing",
        "staff",
        "status",
        "buyer_name",
        "masked_phone",
    ]
    list_display_links = ["id", "starts_at"]
    list_filter = ["status"]
    list_select_related = ["listing__community", "staff"]
    search_fields = ["listing__community__name", "buyer_name"]
    date_hierarchy = "starts_at"
    fields = readonly_fields = (
        "listing",
        "staff",
        "starts_at",
        "ends_at",
        "status",
        "buyer_name",
        "buyer_phone",
        "outcome_notes",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [ViewingCallInline]
    actions = ["mark_done", "mark_no_show", "cancel"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # booked on the console, where the refusals show on the form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancelled, never deleted

    def _outcome(self, request: HttpRequest, queryset: QuerySet[Viewing], status: str) -> None:
        _run(
            request,
            queryset,
            lambda viewing: services.viewing_record_outcome(
                viewing=viewing, actor=request.user, status=status
            ),
        )

    @admin.action(description=_("Viewing done"), permissions=["change"])
    def mark_done(self, request: HttpRequest, queryset: QuerySet[Viewing]) -> None:
        self._outcome(request, queryset, ViewingStatus.DONE)

    @admin.action(description=_("The buyer did not come"), permissions=["change"])
    def mark_no_show(self, request: HttpRequest, queryset: QuerySet[Viewing]) -> None:
        self._outcome(request, queryset, ViewingStatus.NO_SHOW)

    @admin.action(description=_("Cancel the viewing"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[Viewing]) -> None:
        self._outcome(request, queryset, ViewingStatus.CANCELLED)


# --- Deals -----------------------------------------------------------------------


class DealEventInline(admin.TabularInline):
    model = DealEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "at",
        "actor",
        "from_stage",
        "to_stage",
        "agreed_price_yuan",
        "note",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Deal)
class DealAdmin(_AuditedViewMixin, JurisdictionAdminMixin):
    list_display = [
        "id",
        "listing",
        "stage",
        "agreed_price_yuan",
        "buyer_name",
        "masked_phone",
        "staff",
        "opened_at",
        "ended_at",
    ]
    list_filter = ["stage"]
    list_select_related = ["listing__community", "staff"]
    search_fields = ["listing__community__name", "buyer_name"]
    date_hierarchy = "opened_at"
    fields = readonly_fields = (
        "listing",
        "stage",
        "agreed_price_yuan",
        "buyer_name",
        "buyer_phone",
        "staff",
        "opened_at",
        "ended_at",
        "updated_at",
    )
    inlines = [DealEventInline]
    actions = ["advance", "fall_through"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # opened on the console or through the API

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a deal's history stays

    @admin.action(description=_("Advance one stage"), permissions=["change"])
    def advance(self, request: HttpRequest, queryset: QuerySet[Deal]) -> None:
        _run(
            request,
            queryset.select_related("listing"),
            lambda deal: services.deal_advance(
                deal=deal, actor=request.user, expected_stage=deal.stage
            ),
        )

    @admin.action(description=_("Fell through"), permissions=["change"])
    def fall_through(self, request: HttpRequest, queryset: QuerySet[Deal]) -> None:
        note = gettext("Recorded as fallen through in the admin.")
        _run(
            request,
            queryset.select_related("listing"),
            lambda deal: services.deal_fall_through(deal=deal, actor=request.user, note=note),
        )
