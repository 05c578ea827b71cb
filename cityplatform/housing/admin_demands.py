"""The admin of buyers' demands and match notices: where staff enter a demand taken on
the phone, change it, pause or close it, and mark matches called. Every write goes
through the services; the buyer's phone shows on the demand's page (audited) and is
masked in lists."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from cityplatform.accounts.jurisdiction import JurisdictionAdminMixin
from cityplatform.audit.services import Action, audit_record
from cityplatform.core.validators import mask_phone
from cityplatform.housing import services
from cityplatform.housing.admin import _apply_errors, _run
from cityplatform.housing.models import BuildingType, BuyerDemand, DemandEvent, MatchNotice
from cityplatform.housing.services.demand_values import CRITERIA_FIELDS, clean_demand
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU


class BuyerDemandAdminForm(forms.ModelForm):
    building_types = forms.MultipleChoiceField(
        label=_("building types"),
        choices=BuildingType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    features = forms.CharField(
        label=_("must-have features"),
        required=False,
        help_text=_("Separated by commas, e.g. 家电齐全, 电梯"),
    )

    class Meta:
        model = BuyerDemand
        fields = list(CRITERIA_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["features"] = ", ".join(self.instance.features)
        if "districts" in self.fields:
            field = self.fields["districts"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = Place.objects.filter(parent_id=ZHUZHOU).order_by("code")

    def clean_features(self) -> list[str]:
        text = self.cleaned_data.get("features") or ""
        for separator in "，、;；":
            text = text.replace(separator, ",")
        return [f.strip() for f in text.split(",") if f.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            clean_demand({f: data.get(f) for f in CRITERIA_FIELDS})
        except ValidationError as exc:
            _apply_errors(self, exc)
        return data


class DemandEventInline(admin.TabularInline):
    model = DemandEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "actor", "from_status", "to_status", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BuyerDemand)
class BuyerDemandAdmin(JurisdictionAdminMixin):
    """Demands of the admin user's jurisdiction. Adding one here records a phone call
    taken by the staff member, who is assigned to it."""

    form = BuyerDemandAdminForm
    list_display = [
        "id",
        "buyer_name",
        "masked_phone",
        "place",
        "budget_max_yuan",
        "status",
        "source",
        "assigned_to",
        "created_at",
    ]
    list_filter = ["status", "source", "notice_preference", "place"]
    search_fields = ["buyer_name", "keywords", "notes"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["communities"]
    inlines = [DemandEventInline]
    readonly_fields = ["place", "status", "source", "taken_by", "assigned_to", "created_at"]
    fieldsets = (
        (_("Buyer (private)"), {"fields": ("buyer_name", "buyer_phone")}),
        (_("Where"), {"fields": ("districts", "communities")}),
        (
            _("Home"),
            {
                "fields": (
                    ("budget_min_yuan", "budget_max_yuan"),
                    ("bedrooms_min", "bedrooms_max"),
                    ("area_min_m2", "area_max_m2"),
                    "building_types",
                    "features",
                    "keywords",
                    "notes",
                )
            },
        ),
        (_("Notices"), {"fields": ("notice_preference", "digest_max_listings")}),
        (
            _("Workflow"),
            {"fields": ("place", "status", "source", "taken_by", "assigned_to", "created_at")},
        ),
    )
    actions = ["assign_to_me", "pause", "reopen", "mark_satisfied", "close"]

    @admin.display(description=_("buyer's phone"))
    def masked_phone(self, obj: BuyerDemand) -> str:
        return mask_phone(obj.buyer_phone)

    def get_queryset(self, request: HttpRequest) -> QuerySet[BuyerDemand]:
        return super().get_queryset(request).select_related("place", "assigned_to")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # demands are closed, never deleted: their history stays

    def save_model(self, request: HttpRequest, obj: BuyerDemand, form: Any, change: bool) -> None:
        values = {f: form.cleaned_data.get(f) for f in CRITERIA_FIELDS}
        if change:
            current = BuyerDemand.objects.get(pk=obj.pk)
            saved = services.demand_update(demand=current, actor=request.user, **values)
        else:
            saved = services.demand_register(actor=request.user, source="phone", **values)
        for field in BuyerDemand._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service has set the districts and communities; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

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

    def _status(self, request: HttpRequest, queryset: QuerySet[BuyerDemand], status: str) -> None:
        _run(
            request,
            queryset,
            lambda d: services.demand_set_status(demand=d, actor=request.user, status=status),
        )

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[BuyerDemand]) -> None:
        _run(
            request,
            queryset,
            lambda d: services.demand_assign(demand=d, actor=request.user, staff=request.user),
        )

    @admin.action(description=_("Pause"), permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[BuyerDemand]) -> None:
        self._status(request, queryset, "paused")

    @admin.action(description=_("Reopen"), permissions=["change"])
    def reopen(self, request: HttpRequest, queryset: QuerySet[BuyerDemand]) -> None:
        self._status(request, queryset, "open")

    @admin.action(description=_("Satisfied: the buyer found a home"), permissions=["change"])
    def mark_satisfied(self, request: HttpRequest, queryset: QuerySet[BuyerDemand]) -> None:
        self._status(request, queryset, "satisfied")

    @admin.action(description=_("Close"), permissions=["change"])
    def close(self, request: HttpRequest, queryset: QuerySet[BuyerDemand]) -> None:
        self._status(request, queryset, "closed")


@admin.register(MatchNotice)
class MatchNoticeAdmin(JurisdictionAdminMixin):
    """Matches found for demands of the admin user's jurisdiction; staff mark them
    called or dismissed."""

    list_display = [
        "id",
        "demand",
        "listing",
        "score",
        "staff_state",
        "buyer_state",
        "delivery",
        "created_at",
    ]
    list_filter = ["staff_state", "buyer_state", "delivery", "trigger"]
    fields = readonly_fields = (
        "demand",
        "listing",
        "score",
        "reasons",
        "trigger",
        "delivery",
        "buyer_state",
        "buyer_message",
        "staff_state",
        "handled_by",
        "handled_at",
        "staff_note",
        "created_at",
    )
    actions = ["mark_called", "dismiss"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MatchNotice]:
        return super().get_queryset(request).select_related("demand", "listing__community")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Called the buyer"), permissions=["change"])
    def mark_called(self, request: HttpRequest, queryset: QuerySet[MatchNotice]) -> None:
        _run(
            request,
            queryset,
            lambda n: services.match_notice_mark_called(notice=n, actor=request.user),
        )

    @admin.action(description=_("Dismiss"), permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet[MatchNotice]) -> None:
        _run(
            request, queryset, lambda n: services.match_notice_dismiss(notice=n, actor=request.user)
        )
