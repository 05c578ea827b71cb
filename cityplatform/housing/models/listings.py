"""Second-hand listings (二手房) and their lifecycle.

draft → pending (verification) → published → under offer → sold, or withdrawn /
expired; withdrawn and expired listings can be relisted (back to pending). Every
change is a `ListingEvent` (who, when, old and new status and price), written by the
services, never here.

Money is in whole yuan (BigIntegerField), areas in m² with two decimals. Impossible
values are refused by the services with a message, and by database constraints
should anything bypass them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityplatform.places.models import Place

from .communities import Community

MAX_AREA_M2 = 10_000
MAX_PRICE_YUAN = 1_000_000_000  # 10亿: no home on this platform costs more
MAX_ROOMS = 20
MIN_FLOOR = -5  # basements
MAX_FLOORS = 200


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending verification")
    PUBLISHED = "published", _("Published")
    UNDER_OFFER = "under_offer", _("Under offer")
    SOLD = "sold", _("Sold")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class BuildingType(models.TextChoices):
    # The parser's words (adparse.layout) map onto these in services.imports.
    RESIDENTIAL = "residential", _("Residential")  # 住宅
    APARTMENT = "apartment", _("Apartment")  # 公寓
    DUPLEX = "duplex", _("Duplex")  # 复式
    GARDEN_HOUSE = "garden_house", _("Low-rise garden house")  # 洋房
    STACKED_VILLA = "stacked_villa", _("Stacked villa")  # 叠墅 (叠拼别墅)
    VILLA = "villa", _("Villa")  # 别墅
    DETACHED_VILLA = "detached_villa", _("Detached villa")  # 独栋别墅
    OTHER = "other", _("Other")


class Decoration(models.TextChoices):
    BARE = "bare", _("Unfinished")  # 毛坯
    BASIC = "basic", _("Basic decoration")  # 简装
    FINE = "fine", _("Fine decoration")  # 精装
    LUXURY = "luxury", _("Luxury decoration")  # 豪装
    UNKNOWN = "unknown", _("Unknown")


S = ListingStatus
# The status changes the services may make; anything else is refused (409). A home is
# sold only as a deal closes, and a deal puts it under offer first.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.PENDING, S.WITHDRAWN}),
    S.PENDING: frozenset({S.PUBLISHED, S.WITHDRAWN}),
    S.PUBLISHED: frozenset({S.UNDER_OFFER, S.WITHDRAWN, S.EXPIRED}),
    S.UNDER_OFFER: frozenset({S.PUBLISHED, S.SOLD, S.WITHDRAWN}),
    S.SOLD: frozenset(),
    S.WITHDRAWN: frozenset({S.PENDING}),
    S.EXPIRED: frozenset({S.PENDING}),
}
# Listings that are, or are about to be, on the market: duplicates are looked for
# among these.
ACTIVE_STATUSES = (S.PENDING, S.PUBLISHED, S.UNDER_OFFER)


def _range_or_null(field: str, low: int, high: int, *, low_inclusive: bool = True) -> Q:
    low_lookup = "gte" if low_inclusive else "gt"
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__{low_lookup}": low, f"{field}__lte": high}
    )


# What a search walk reads of each listing (housing.search_results.SPINE_FIELDS),
# with `status` for SQLite's sake (see housing_listing_pub_search).
SPINE_COLUMNS = (
    "place",
    "community",
    "price_yuan",
    "area_m2",
    "bedrooms",
    "building_type",
    "decoration",
    "status",
)


class Listing(models.Model):
    """A home for sale. The owner's name and phone are private: public pages and the
    API show the platform hotline instead (selectors.listings_public never gives them)."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="listings"
    )
    # The community's district, copied so jurisdiction is one filter on this table.
    place = models.ForeignKey(
        Place, verbose_name=_("district or county"), on_delete=models.PROTECT, related_name="+"
    )
    # Rooms: None where the ad does not say (an apartment ad often names no layout).
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"), null=True, blank=True)
    living_rooms = models.PositiveSmallIntegerField(_("living rooms"), null=True, blank=True)
    bathrooms = models.PositiveSmallIntegerField(_("bathrooms"), null=True, blank=True)
    building_type = models.CharField(
        _("building type"),
        max_length=16,
        choices=BuildingType.choices,
        default=BuildingType.RESIDENTIAL,
    )
    area_m2 = models.DecimalField(
        _("floor area (m², deed)"),
        max_digits=8,
        decimal_places=2,
        help_text=_("The building area on the property deed (建筑面积)."),
    )
    actual_area_m2 = models.DecimalField(
        _("actual area (m²)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The usable area (实际面积/使用面积), when the ad gives it."),
    )
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    total_floors = models.PositiveSmallIntegerField(
        _("floors in the building"), null=True, blank=True
    )
    decoration = models.CharField(
        _("decoration"), max_length=8, choices=Decoration.choices, default=Decoration.UNKNOWN
    )
    furnished = models.BooleanField(_("furnished"), default=False)
    # Whole yuan; None is 面议 (price on request).
    price_yuan = models.BigIntegerField(_("total price (yuan)"), null=True, blank=True)
    # price_yuan / area_m2 rounded to the yuan; set by the services only.
    unit_price_yuan = models.PositiveIntegerField(
        _("unit price (yuan/m²)"), null=True, blank=True, editable=False
    )
    features = models.JSONField(_("features"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner_name = models.CharField(_("owner's name"), max_length=64, blank=True)
    owner_phone = models.CharField(_("owner's phone"), max_length=20, blank=True)
    # What the owner asks (委托价), for the true-listing check: the advertised price
    # must stay within 3 % of it.
    consigned_price_yuan = models.BigIntegerField(
        _("owner's consigned price (yuan)"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    verified = models.BooleanField(_("verified (真房源)"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set on first publication and kept through withdrawals and relisting, so juggling
    # a home off and on the market does not make it "new".
    first_listed_at = models.DateTimeField(_("first listed at"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)
    # Set by listing_submit when an active listing looks like the same home; staff must
    # clear it (or withdraw this one) before it can be published.
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The ad as received, and the SHA-256 of its normalised text: importing the same ad
    # again finds this row instead of creating another. None for listings typed in.
    source_text = models.TextField(_("source ad text"), blank=True)
    source_key = models.CharField(
        _("source key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "refreshed_at"], name="housing_listing_status_fresh"),
            models.Index(fields=["community", "status"], name="housing_listing_community"),
            models.Index(fields=["place", "status"], name="housing_listing_place"),
            # Search and matching read published listings only. This index holds what
            # they filter on, rank by and sort by, so counting a district's homes in a
            # price band, or ranking a buyer's candidates, never reads the table
            # (docs/decisions.md, "Listing search at a million listings"). `status`
            # is there too: SQLite reads the table to test a column the index lacks,
            # even the one in the index's own condition.
            models.Index(
                fields=[
                    "place",
                    "price_yuan",
                    "bedrooms",
                    "area_m2",
                    "building_type",
                    "first_listed_at",
                    "unit_price_yuan",
                    "refreshed_at",
                    "verified",
                    "community",
                    "decoration",
                    "status",
                ],
                condition=Q(status="published"),
                name="housing_listing_pub_search",
            ),
            # A broad search's pages walk the published listings in the order asked
            # for, all of them or one district's, testing each row's filter columns
            # from the index itself (housing.search_results).
            *(
                models.Index(
                    fields=[*lead, key, "id", *(c for c in SPINE_COLUMNS if c not in (key, *lead))],
                    condition=Q(status="published"),
                    name=f"housing_pub_{prefix}{name}",
                )
                for key, name in (
                    ("first_listed_at", "listed"),
                    ("price_yuan", "price"),
                    ("unit_price_yuan", "unit"),
                    ("area_m2", "area"),
                )
                for lead, prefix in (((), ""), (("place",), "place_"))
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__gt=0, area_m2__lte=MAX_AREA_M2),
                name="housing_listing_area_range",
            ),
            models.CheckConstraint(
                condition=_range_or_null("actual_area_m2", 0, MAX_AREA_M2, low_inclusive=False),
                name="housing_listing_actual_area_range",
            ),
            models.CheckConstraint(
                condition=_range_or_null("price_yuan", 0, MAX_PRICE_YUAN, low_inclusive=False),
                name="housing_listing_price_range",
            ),
            models.CheckConstraint(
                condition=_range_or_null(
                    "consigned_price_yuan", 0, MAX_PRICE_YUAN, low_inclusive=False
                ),
                name="housing_listing_consigned_price_range",
            ),
            models.CheckConstraint(
                condition=_range_or_null("unit_price_yuan", 0, MAX_PRICE_YUAN, low_inclusive=False),
                name="housing_listing_unit_price_range",
            ),
            models.CheckConstraint(
                condition=_range_or_null("bedrooms", 0, MAX_ROOMS)
                & _range_or_null("living_rooms", 0, MAX_ROOMS)
                & _range_or_null("bathrooms", 0, MAX_ROOMS),
                name="housing_listing_rooms_range",
            ),
            models.CheckConstraint(
                condition=_range_or_null("total_floors", 1, MAX_FLOORS)
                & _range_or_null("floor", MIN_FLOOR, MAX_FLOORS),
                name="housing_listing_floors_range",
            ),
            models.CheckConstraint(
                condition=Q(floor__isnull=True)
                | Q(total_floors__isnull=True)
                | Q(floor__lte=models.F("total_floors")),
                name="housing_listing_floor_within_building",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ListingStatus.values), name="housing_listing_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(verified=False) | Q(verified_at__isnull=False),
                name="housing_listing_verified_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.layout_text} {self.area_m2}㎡"

    @property
    def layout_text(self) -> str:
        """3室2厅1卫, leaving out what is unknown."""
        parts = [
            f"{value}{unit}"
            for value, unit in (
                (self.bedrooms, "室"),
                (self.living_rooms, "厅"),
                (self.bathrooms, "卫"),
            )
            if value is not None
        ]
        return "".join(parts)

    @property
    def is_public(self) -> bool:
        return self.status == ListingStatus.PUBLISHED
