"""Buyer demands (购房需求): what a buyer wants, taken online or by staff on the phone.

The buyer's name and phone are private to housing staff: no public page or API shows
them. A demand is open, paused, satisfied (the buyer found a home) or closed; every
change is a `DemandEvent`.

Matching both ways needs the demand's hard criteria (where, budget, rooms, area,
building type) in indexed columns: `DemandMatchKey` holds one row per open demand and
place it names (a district, a community, or anywhere), with the ranges as plain
integers and decimals. A new listing finds the demands it fits with one indexed range
query on that table (see housing.matching.reverse); a demand that is not open has no
keys, so it is never matched.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel
from cityplatform.places.models import Place

from .communities import Community
from .listings import MAX_AREA_M2, MAX_PRICE_YUAN, MAX_ROOMS

# A digest names at most this many listings, whatever the buyer asks.
MAX_DIGEST_LISTINGS = 20
DEFAULT_DIGEST_LISTINGS = 5
KEYWORDS_MAX_LENGTH = 100


class DemandStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Paused")
    SATISFIED = "satisfied", _("Satisfied")
    CLOSED = "closed", _("Closed")


class DemandSource(models.TextChoices):
    ONLINE = "online", _("Online form")
    PHONE = "phone", _("Phone call to staff")


class NoticePreference(models.TextChoices):
    INSTANT = "instant", _("At once")
    DIGEST = "digest", _("Daily digest")


D = DemandStatus
# The status changes demand_set_status may make; anything else is refused (409).
DEMAND_TRANSITIONS: dict[str, frozenset[str]] = {
    D.OPEN: frozenset({D.PAUSED, D.SATISFIED, D.CLOSED}),
    D.PAUSED: frozenset({D.OPEN, D.SATISFIED, D.CLOSED}),
    D.SATISFIED: frozenset({D.OPEN, D.CLOSED}),
    D.CLOSED: frozenset({D.OPEN}),
}


def _ordered_or_open(low: str, high: str) -> Q:
    return (
        Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": F(high)})
    )


def _within_or_null(field: str, low: int, high: int, *, low_inclusive: bool = True) -> Q:
    low_lookup = "gte" if low_inclusive else "gt"
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__{low_lookup}": low, f"{field}__lte": high}
    )


class BuyerDemand(models.Model):
    """What a buyer is looking for. Every criterion is optional; the services ask for at
    least a place or a budget ceiling, so no demand matches every home in the city."""

    buyer_name = models.CharField(_("buyer's name"), max_length=64)
    buyer_phone = models.CharField(_("buyer's phone"), max_length=20)
    # The narrowest place holding every district and community named (a district, or
    # 株洲市 for several districts or none): who may see the demand follows it.
    place = models.ForeignKey(
        Place, verbose_name=_("district or county"), on_delete=models.PROTECT, related_name="+"
    )
    districts = models.ManyToManyField(
        Place, verbose_name=_("districts"), blank=True, related_name="+"
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities"), blank=True, related_name="demands"
    )
    # Whole yuan; None is no bound.
    budget_min_yuan = models.BigIntegerField(_("budget from (yuan)"), null=True, blank=True)
    budget_max_yuan = models.BigIntegerField(_("budget up to (yuan)"), null=True, blank=True)
    bedrooms_min = models.PositiveSmallIntegerField(_("bedrooms from"), null=True, blank=True)
    bedrooms_max = models.PositiveSmallIntegerField(_("bedrooms up to"), null=True, blank=True)
    area_min_m2 = models.DecimalField(
        _("area from (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    area_max_m2 = models.DecimalField(
        _("area up to (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # BuildingType values; empty is any type.
    building_types = models.JSONField(_("building types"), default=list, blank=True)
    # Must-have features, scored (ads do not always mention them): 家电齐全, 电梯 …
    features = models.JSONField(_("must-have features"), default=list, blank=True)
    keywords = models.CharField(_("keywords"), max_length=KEYWORDS_MAX_LENGTH, blank=True)
    # The index terms of the features and keywords, cut once by the services so
    # matching a listing against thousands of demands segments nothing:
    # {"features": {"家电齐全": ["家电齐全"]}, "keywords": ["二中"]}.
    match_terms = models.JSONField(default=dict, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=DemandSource.choices, default=DemandSource.ONLINE
    )
    # The staff member who took the phone call (source "phone").
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="housing_demands",
    )
    notice_preference = models.CharField(
        _("notices"),
        max_length=8,
        choices=NoticePreference.choices,
        default=NoticePreference.INSTANT,
    )
    digest_max_listings = models.PositiveSmallIntegerField(
        _("listings per digest at most"), default=DEFAULT_DIGEST_LISTINGS
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DemandStatus.choices, default=DemandStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("buyer demand")
        verbose_name_plural = _("buyer demands")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["assigned_to", "status"], name="housing_demand_assigned"),
            models.Index(fields=["place", "status"], name="housing_demand_place"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_within_or_null("budget_min_yuan", 0, MAX_PRICE_YUAN, low_inclusive=False)
                & _within_or_null("budget_max_yuan", 0, MAX_PRICE_YUAN, low_inclusive=False)
                & _ordered_or_open("budget_min_yuan", "budget_max_yuan"),
                name="housing_demand_budget_range",
            ),
            models.CheckConstraint(
                condition=_within_or_null("bedrooms_min", 0, MAX_ROOMS)
                & _within_or_null("bedrooms_max", 0, MAX_ROOMS)
                & _ordered_or_open("bedrooms_min", "bedrooms_max"),
                name="housing_demand_bedrooms_range",
            ),
            models.CheckConstraint(
                condition=_within_or_null("area_min_m2", 0, MAX_AREA_M2, low_inclusive=False)
                & _within_or_null("area_max_m2", 0, MAX_AREA_M2, low_inclusive=False)
                & _ordered_or_open("area_min_m2", "area_max_m2"),
                name="housing_demand_area_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    digest_max_listings__gte=1, digest_max_listings__lte=MAX_DIGEST_LISTINGS
                ),
                name="housing_demand_digest_size",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DemandStatus.values), name="housing_demand_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=DemandSource.values), name="housing_demand_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(notice_preference__in=NoticePreference.values),
                name="housing_demand_notice_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == DemandStatus.OPEN


class DemandEvent(AppendOnlyModel):
    """One change of a demand: created, criteria changed, status, assignment."""

    demand = models.ForeignKey(
        BuyerDemand, verbose_name=_("demand"), on_delete=models.CASCADE, related_name="events"
    )
    # None: the buyer (online form) or the platform.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_status = models.CharField(
        _("from status"), max_length=12, choices=DemandStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=12, choices=DemandStatus.choices)
    note = models.TextField(_("note"), blank=True)

    place_field = "demand__place"

    class Meta:
        verbose_name = _("demand event")
        verbose_name_plural = _("demand events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


# DemandMatchKey.scope of a demand that names no district or community.
ANYWHERE = "*"


# What DemandMatchKey stores for a bound the demand leaves open.
OPEN_BOUNDS: dict[str, Any] = {
    "budget_min": 0,
    "budget_max": MAX_PRICE_YUAN,
    "bedrooms_min": 0,
    "bedrooms_max": MAX_ROOMS,
    "area_min": Decimal(0),
    "area_max": Decimal(MAX_AREA_M2),
}


# DemandMatchKey.named: which bounds the demand itself names (the others are open and
# stored as OPEN_BOUNDS). The score needs to know, and the key is all it reads.
NAMED_BUDGET_MIN = 1
NAMED_BUDGET_MAX = 2
NAMED_BEDROOMS = 4
NAMED_AREA = 8


def named_bounds(bounds: dict[str, Any]) -> int:
    """DemandMatchKey.named for a demand's bounds (budget_min … area_max, None open)."""
    named = 0
    if bounds["budget_min"] is not None:
        named |= NAMED_BUDGET_MIN
    if bounds["budget_max"] is not None:
        named |= NAMED_BUDGET_MAX
    if bounds["bedrooms_min"] is not None or bounds["bedrooms_max"] is not None:
        named |= NAMED_BEDROOMS
    if bounds["area_min"] is not None or bounds["area_max"] is not None:
        named |= NAMED_AREA
    return named


def place_scope(code: str) -> str:
    return f"p{code}"


def community_scope(community_id: int) -> str:
    return f"c{community_id}"


class DemandMatchKey(models.Model):
    """The hard criteria of an open demand, one row per place it names.

    Written by the services only (services.demands), rebuilt whenever the demand changes
    and deleted when it stops being open. Open bounds are stored as the widest values
    (0 … MAX), so every criterion is a plain range test with no NULL cases: a listing
    fits the demand when some key with the listing's district, its community or
    ANYWHERE has budget_min ≤ price ≤ budget_max and so on. `building_types` is a bit
    mask of BuildingType (housing.matching.criteria.type_bit); 0 is any type.

    The key also carries what the score needs of the demand (`named`, the bounds it
    names; `terms`, its match_terms as JSON text), so the reverse match reads the index
    housing_demandkey_match alone, never the demand table.
    """

    demand = models.ForeignKey(BuyerDemand, on_delete=models.CASCADE, related_name="match_keys")
    scope = models.CharField(max_length=24)
    budget_min = models.BigIntegerField()
    budget_max = models.BigIntegerField()
    bedrooms_min = models.SmallIntegerField()
    bedrooms_max = models.SmallIntegerField()
    area_min = models.DecimalField(max_digits=8, decimal_places=2)
    area_max = models.DecimalField(max_digits=8, decimal_places=2)
    building_types = models.PositiveIntegerField(default=0)
    named = models.PositiveSmallIntegerField(default=0)
    terms = models.TextField(default="{}")

    place_field = "demand__place"

    class Meta:
        indexes = [
            # The reverse match: scope equality, then the budget range; the other
            # columns ride along so the index answers the query without the table.
            models.Index(
                fields=[
                    "scope",
                    "budget_max",
                    "budget_min",
                    "bedrooms_min",
                    "bedrooms_max",
                    "area_min",
                    "area_max",
                    "building_types",
                    "demand",
                    "named",
                    "terms",
                ],
                name="housing_demandkey_match",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["demand", "scope"], name="housing_demandkey_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.demand_id}:{self.scope}"
