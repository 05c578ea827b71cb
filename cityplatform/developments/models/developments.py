"""A new development (楼盘), its unit types, photos and sale-status history.

Prices are Decimal yuan with two places: a range per m² and a range of total prices,
each end optional (价格待定). A development is on the public pages only while it is
published and today lies inside its promotion period.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityplatform.core.models import AppendOnlyModel
from cityplatform.developments.validators import (
    MAX_AREA_M2,
    MAX_AVAILABLE_UNITS,
    MAX_ROOMS,
    MAX_TOTAL_PRICE_YUAN,
    MAX_UNIT_PRICE_YUAN,
    PHOTO_FORMATS,
    validate_area,
    validate_available_units,
    validate_features,
    validate_photo,
    validate_room_count,
    validate_total_price,
    validate_unit_price,
)
from cityplatform.places.models import Place


class SaleStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Coming soon")  # 待售
    ON_SALE = "on_sale", _("On sale")  # 在售
    SOLD_OUT = "sold_out", _("Sold out")  # 售罄


# The status changes the services make; anything else is refused (409). A sold-out
# development goes back on sale when the developer releases more units (加推).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    SaleStatus.UPCOMING: frozenset({SaleStatus.ON_SALE}),
    SaleStatus.ON_SALE: frozenset({SaleStatus.SOLD_OUT}),
    SaleStatus.SOLD_OUT: frozenset({SaleStatus.ON_SALE}),
}


def _null_or_between(field: str, high: object) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": 0, f"{field}__lte": high})


def _null_or_ordered(low: str, high: str) -> Q:
    return (
        Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": F(high)})
    )


class Development(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("Another development has this name.")},
    )
    developer_name = models.CharField(_("developer"), max_length=100)
    developer_credit_code = models.CharField(
        _("developer's unified social credit code"), max_length=18, blank=True, default=""
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=200)
    # Changed only by services.development_change_status, which writes the history.
    status = models.CharField(
        _("sale status"),
        max_length=16,
        choices=SaleStatus.choices,
        default=SaleStatus.UPCOMING,
    )
    min_unit_price = models.DecimalField(
        _("lowest price per m² (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_unit_price],
    )
    max_unit_price = models.DecimalField(
        _("highest price per m² (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_unit_price],
    )
    min_total_price = models.DecimalField(
        _("lowest total price (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_total_price],
    )
    max_total_price = models.DecimalField(
        _("highest total price (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_total_price],
    )
    promotion_starts_on = models.DateField(_("promoted from"))
    promotion_ends_on = models.DateField(_("promoted until"))
    description = models.TextField(_("description (Markdown)"), blank=True)
    # render_markdown(description), set by the services: sanitised, safe on a page.
    description_html = models.TextField(editable=False, blank=True)
    features = models.JSONField(
        _("feature tags"), default=list, blank=True, validators=[validate_features]
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("development")
        verbose_name_plural = _("developments")
        ordering = ["-promotion_starts_on", "name"]
        indexes = [
            models.Index(
                fields=["is_published", "promotion_starts_on", "promotion_ends_on"],
                name="developments_promoted",
            ),
            models.Index(fields=["place", "status"], name="developments_place_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SaleStatus.values), name="developments_status_valid"
            ),
            models.CheckConstraint(
                condition=_null_or_between("min_unit_price", MAX_UNIT_PRICE_YUAN)
                & _null_or_between("max_unit_price", MAX_UNIT_PRICE_YUAN),
                name="developments_unit_price_range",
            ),
            models.CheckConstraint(
                condition=_null_or_between("min_total_price", MAX_TOTAL_PRICE_YUAN)
                & _null_or_between("max_total_price", MAX_TOTAL_PRICE_YUAN),
                name="developments_total_price_range",
            ),
            models.CheckConstraint(
                condition=_null_or_ordered("min_unit_price", "max_unit_price"),
                name="developments_unit_price_ordered",
                violation_error_message=_("The lowest price per m² cannot be above the highest."),
            ),
            models.CheckConstraint(
                condition=_null_or_ordered("min_total_price", "max_total_price"),
                name="developments_total_price_ordered",
                violation_error_message=_("The lowest total price cannot be above the highest."),
            ),
            models.CheckConstraint(
                condition=Q(promotion_ends_on__gte=F("promotion_starts_on")),
                name="developments_promotion_ordered",
                violation_error_message=_("The promotion cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("developments:detail", args=[self.pk])

    def clean(self) -> None:
        # The ordering rules again, attached to the field a person should correct.
        errors: dict[str, ValidationError] = {}
        pairs = (
            (
                "min_unit_price",
                "max_unit_price",
                _("The lowest price per m² cannot be above the highest."),
            ),
            (
                "min_total_price",
                "max_total_price",
                _("The lowest total price cannot be above the highest."),
            ),
        )
        for low, high, message in pairs:
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                errors[high] = ValidationError(message, code="min_above_max")
        starts, ends = self.promotion_starts_on, self.promotion_ends_on
        if starts is not None and ends is not None and ends < starts:
            errors["promotion_ends_on"] = ValidationError(
                _("The promotion cannot end before it starts."), code="promotion_order"
            )
        if self.place_id is not None and self.place.level != Place.Level.COUNTY:
            errors["place"] = ValidationError(
                _("Choose a district or county (区, 县 or 县级市)."), code="not_a_county"
            )
        if errors:
            raise ValidationError(errors)

    def is_promoted_on(self, day: date | None = None) -> bool:
        """Published, and `day` (today by default) inside the promotion period."""
        today = day or timezone.localdate()
        return self.is_published and self.promotion_starts_on <= today <= self.promotion_ends_on


class UnitType(models.Model):
    """A kind of home the development sells (户型), e.g. 三室两厅 of 118 m²."""

    development = models.ForeignKey(
        Development,
        verbose_name=_("development"),
        on_delete=models.CASCADE,
        related_name="unit_types",
    )
    name = models.CharField(_("name"), max_length=32, help_text=_("e.g. 三室两厅 A户型"))
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"), validators=[validate_room_count])
    living_rooms = models.PositiveSmallIntegerField(
        _("living rooms"), validators=[validate_room_count]
    )
    bathrooms = models.PositiveSmallIntegerField(_("bathrooms"), validators=[validate_room_count])
    area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=8, decimal_places=2, validators=[validate_area]
    )
    available_units = models.PositiveIntegerField(
        _("units available"), default=0, validators=[validate_available_units]
    )
    reference_price = models.DecimalField(
        _("reference total price (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_total_price],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    place_field = "development__place"

    class Meta:
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")
        ordering = ["order", "area_m2", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["development", "name"],
                name="developments_unittype_unique_name",
                violation_error_message=_("This development already has a unit type of this name."),
            ),
            models.CheckConstraint(
                condition=Q(area_m2__gt=0, area_m2__lte=MAX_AREA_M2),
                name="developments_unittype_area_range",
            ),
            models.CheckConstraint(
                condition=Q(bedrooms__lte=MAX_ROOMS)
                & Q(living_rooms__lte=MAX_ROOMS)
                & Q(bathrooms__lte=MAX_ROOMS),
                name="developments_unittype_rooms_range",
            ),
            models.CheckConstraint(
                condition=Q(available_units__lte=MAX_AVAILABLE_UNITS),
                name="developments_unittype_units_range",
            ),
            models.CheckConstraint(
                condition=_null_or_between("reference_price", MAX_TOTAL_PRICE_YUAN),
                name="developments_unittype_price_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.area_m2}㎡"

    @property
    def layout_text(self) -> str:
        """3室2厅2卫."""
        return f"{self.bedrooms}室{self.living_rooms}厅{self.bathrooms}卫"


def photo_upload_to(instance: "DevelopmentPhoto", filename: str) -> str:
    # Never the uploader's file name: a random one, with the extension of the checked
    # format (services.photo_add names the file after its detected format).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in PHOTO_FORMATS.values():
        extension = "jpg"
    return f"developments/{instance.development_id}/{uuid.uuid4().hex}.{extension}"


class DevelopmentPhoto(models.Model):
    development = models.ForeignKey(
        Development, verbose_name=_("development"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"),
        upload_to=photo_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    place_field = "development__place"

    class Meta:
        verbose_name = _("development photo")
        verbose_name_plural = _("development photos")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class SaleStatusEvent(AppendOnlyModel):
    """One change of a development's sale status. Append-only; from_status is blank
    for the development's creation."""

    development = models.ForeignKey(
        Development,
        verbose_name=_("development"),
        on_delete=models.CASCADE,
        related_name="status_events",
    )
    # None: the platform itself (the demo, setup scripts).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    from_status = models.CharField(
        _("from status"), max_length=16, choices=SaleStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=16, choices=SaleStatus.choices)
    note = models.TextField(_("note"), blank=True)

    place_field = "development__place"

    class Meta:
        verbose_name = _("sale status change")
        verbose_name_plural = _("sale status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
