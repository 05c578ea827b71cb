"""The housing admin: communities, listings and false-listing reports of the admin
user's jurisdiction. Every save and status change goes through the services."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin, visible_to
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import mask_phone
from cityplatform.housing import services
from cityplatform.housing.models import (
    Community,
    CommunityAlias,
    FalseListingReport,
    Listing,
    ListingEvent,
    ListingPhoto,
)
from cityplatform.housing.services.listings import EDITABLE_FIELDS, clean_values

# Photos, viewings and deals: their admin pages register themselves on import.
from cityplatform.housing.staff_admin import ListingPhotoInline, save_photo_formset


def _apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _run(request: HttpRequest, queryset: QuerySet[Any], action: Callable[[Any], Any]) -> None:
    """Apply a service to each selected row; report what failed and how many succeeded."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except DomainError as exc:
            messages.error(request, f"#{obj.pk}: {exc.message}")
        except PermissionDenied as exc:
            messages.error(request, f"#{obj.pk}: {exc}")
        except ValidationError as exc:
            messages.error(request, f"#{obj.pk}: {'；'.join(exc.messages)}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d record changed.", "%(count)d records changed.", done)
            % {"count": done},
        )


class CommunityAliasInline(admin.TabularInline):
    model = CommunityAlias
    extra = 1
    fields = ["alias", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Community)
class CommunityAdmin(JurisdictionAdminMixin):
    list_display = ["name", "place", "address", "created_at"]
    list_filter = ["place"]
    search_fields = ["name", "aliases__alias", "address"]
    fields = ["name", "place", "address"]
    inlines = [CommunityAliasInline]

    def save_model(self, request: HttpRequest, obj: Community, form: Any, change: bool) -> None:
        existing = Community.objects.get(pk=obj.pk) if change else None
        saved = services.community_save(
            community=existing,
            name=obj.name,
            place=obj.place,
            address=obj.address,
            actor=request.user,
        )
        for field in Community._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for alias in formset.deleted_objects:
            services.community_alias_remove(alias=alias, actor=request.user)
        for alias in instances:
            if alias.pk is not None:
                # Renamed: the new name is checked like a new alias.
                services.community_alias_remove(alias=alias, actor=request.user)
            try:
                services.community_alias_add(
                    community=form.instance, alias=alias.alias, actor=request.user
                )
            except ValidationError as exc:
                messages.error(request, f"{alias.alias}: {'；'.join(exc.messages)}")


class ListingAdminForm(forms.ModelForm):
    class Meta:
        model = Listing
        fields = ["community", "price_yuan", *EDITABLE_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            clean_values({**data, "price_yuan": data.get("price_yuan")})
        except ValidationError as exc:
            _apply_errors(self, exc)
        return data


class ListingEventInline(admin.TabularInline):
    model = ListingEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "at",
        "actor",
        "from_status",
        "to_status",
        "old_price_yuan",
        "new_price_yuan",
        "note",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Listing)
class ListingAdmin(JurisdictionAdminMixin):
    """Listings of the admin user's jurisdiction. The owner's contact shows here (staff
    only; opening a listing is audited) and nowhere public."""

    form = ListingAdminForm
    list_display = [
        "id",
        "community",
        "layout_text",
        "area_m2",
        "price_yuan",
        "unit_price_yuan",
        "status",
        "verified",
        "possible_duplicate_of",
        "refreshed_at",
    ]
    list_filter = ["status", "verified", "building_type", "decoration", "place"]
    search_fields = ["community__name", "source_text"]
    date_hierarchy = "created_at"
    inlines = [ListingPhotoInline, ListingEventInline]
    readonly_fields = [
        "place",
        "unit_price_yuan",
        "consigned_price_yuan",
        "status",
        "verified",
        "verified_at",
        "verified_by",
        "first_listed_at",
        "refreshed_at",
        "possible_duplicate_of",
        "source_text",
        "created_at",
        "updated_at",
    ]
    fieldsets = (
        (None, {"fields": ("community", "place", "building_type", "description", "features")}),
        (
            _("Home"),
            {
                "fields": (
                    ("bedrooms", "living_rooms", "bathrooms"),
                    ("area_m2", "actual_area_m2"),
                    ("floor", "total_floors"),
                    ("decoration", "furnished"),
                )
            },
        ),
        (_("Price"), {"fields": ("price_yuan", "unit_price_yuan", "consigned_price_yuan")}),
        (_("Owner (private)"), {"fields": ("owner_name", "owner_phone")}),
        (
            _("Workflow"),
            {
                "fields": (
                    "status",
                    ("verified", "verified_at", "verified_by"),
                    ("first_listed_at", "refreshed_at"),
                    "possible_duplicate_of",
                    "source_text",
                    ("created_at", "updated_at"),
                )
            },
        ),
    )
    actions = ["submit", "publish", "refresh", "withdraw", "relist", "clear_duplicate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Listing]:
        return super().get_queryset(request).select_related("community", "place")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The community (hence the district) is chosen once.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "community"] if obj is not None else fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "community":
            kwargs["queryset"] = visible_to(Community.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # listings are withdrawn, never deleted: their history stays

    def save_model(self, request: HttpRequest, obj: Listing, form: Any, change: bool) -> None:
        values = {field: form.cleaned_data.get(field) for field in EDITABLE_FIELDS}
        price = form.cleaned_data.get("price_yuan")
        if not change:
            created = services.listing_create(
                community=obj.community, actor=request.user, price_yuan=price, **values
            )
            for field in Listing._meta.concrete_fields:
                setattr(obj, field.attname, getattr(created, field.attname))
            obj._state.adding = False
            obj._state.db = created._state.db
            return
        current = Listing.objects.get(pk=obj.pk)
        changed = {f: v for f, v in values.items() if getattr(current, f) != v}
        if changed:
            services.listing_update(listing=current, actor=request.user, **changed)
        if current.price_yuan != price:
            services.listing_change_price(listing=current, actor=request.user, price_yuan=price)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is ListingPhoto:
            save_photo_formset(request, form.instance, formset)
            return
        super().save_formset(request, form, formset, change)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The page shows the owner's name and phone.
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            audit_record(action=Action.VIEW, obj=obj, request=request)
        return super().change_view(request, object_id, form_url, extra_context)

    def _act(self, request: HttpRequest, queryset: QuerySet[Listing], service: Any) -> None:
        _run(request, queryset, lambda listing: service(listing=listing, actor=request.user))

    @admin.action(description=_("Submit for verification"), permissions=["change"])
    def submit(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        self._act(request, queryset, services.listing_submit)

    @admin.action(description=_("Publish without verification"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        self._act(request, queryset, services.listing_publish)

    @admin.action(description=_("Refresh (still on the market)"), permissions=["change"])
    def refresh(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        self._act(request, queryset, services.listing_refresh)

    @admin.action(description=_("Withdraw"), permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        self._act(request, queryset, services.listing_withdraw)

    @admin.action(description=_("Relist"), permissions=["change"])
    def relist(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        self._act(request, queryset, services.listing_relist)

    @admin.action(description=_("Not a duplicate: clear the flag"), permissions=["change"])
    def clear_duplicate(self, request: HttpRequest, queryset: QuerySet[Listing]) -> None:
        self._act(request, queryset, services.listing_duplicate_clear)


@admin.register(FalseListingReport)
class FalseListingReportAdmin(JurisdictionAdminMixin):
    """Reports on listings of the admin user's jurisdiction; resolved by the actions."""

    list_display = ["id", "listing", "status", "upheld", "masked_phone", "created_at"]
    list_filter = ["status", "upheld"]
    search_fields = ["listing__community__name", "reason"]
    fields = readonly_fields = (
        "listing",
        "reason",
        "reporter_name",
        "reporter_phone",
        "status",
        "upheld",
        "resolution_note",
        "resolved_by",
        "resolved_at",
        "created_at",
    )
    actions = ["uphold", "dismiss"]

    @admin.display(description=_("reporter's phone"))
    def masked_phone(self, obj: FalseListingReport) -> str:
        return mask_phone(obj.reporter_phone) if obj.reporter_phone else ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[FalseListingReport]:
        return super().get_queryset(request).select_related("listing__community")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _resolve(self, request: HttpRequest, queryset: QuerySet[Any], upheld: bool) -> None:
        _run(
            request,
            queryset,
            lambda report: services.false_listing_report_resolve(
                report=report, actor=request.user, upheld=upheld
            ),
        )

    @admin.action(description=_("Upheld: withdraw the listing"), permissions=["change"])
    def uphold(self, request: HttpRequest, queryset: QuerySet[FalseListingReport]) -> None:
        self._resolve(request, queryset, True)

    @admin.action(description=_("Not upheld: keep the listing"), permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet[FalseListingReport]) -> None:
        self._resolve(request, queryset, False)


# Buyers' demands and match notices register themselves with the admin.
from cityplatform.housing import admin_demands  # noqa: E402, F401
