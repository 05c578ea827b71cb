"""Writes for a listing's content: creating it, editing its description, its price."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action
from cityplatform.core.errors import DomainError
from cityplatform.core.validators import clean_text, normalize_phone
from cityplatform.housing.models import (
    MAX_ROOMS,
    BuildingType,
    Community,
    Decoration,
    Listing,
    ListingStatus,
    MatchNotice,
)
from cityplatform.housing.models.listings import MAX_FLOORS, MIN_FLOOR
from cityplatform.housing.services.common import (
    Errors,
    add_error,
    clean_area,
    clean_count,
    clean_note,
    clean_price,
    copy_back,
    event_record,
    lock,
    raise_if,
    require_staff,
    unit_price,
    within_percent,
)
from cityplatform.housing.services.matching import listing_match_schedule
from cityplatform.housing.services.search_index import listing_reindex, listing_terms_sync

MAX_FEATURES = 20
FEATURE_MAX_LENGTH = 32
DESCRIPTION_MAX_LENGTH = 5000
# The verified (真房源) mark stands while the price is within this of the owner's.
PRICE_TOLERANCE_PERCENT = 3

# Fields listing_update may change; price, status and verification have services of
# their own, and the community (hence the place) never changes.
EDITABLE_FIELDS = (
    "bedrooms",
    "living_rooms",
    "bathrooms",
    "building_type",
    "area_m2",
    "actual_area_m2",
    "floor",
    "total_floors",
    "decoration",
    "furnished",
    "features",
    "description",
    "owner_name",
    "owner_phone",
)


def clean_features(errors: Errors, value: Iterable[Any] | None) -> list[str]:
    result: list[str] = []
    for item in value or []:
        if not isinstance(item, str):
            add_error(errors, "features", _("Each feature must be text."), "invalid")
            return []
        text = clean_text(item)
        if len(text) > FEATURE_MAX_LENGTH:
            add_error(
                errors,
                "features",
                _("A feature has at most %(max)d characters."),
                "max_length",
                max=FEATURE_MAX_LENGTH,
            )
            return []
        if text and text not in result:
            result.append(text)
    if len(result) > MAX_FEATURES:
        add_error(
            errors, "features", _("Give at most %(max)d features."), "too_many", max=MAX_FEATURES
        )
    return result


def _clean_choice(errors: Errors, field: str, value: Any, choices: type[Any], default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices.values:
        add_error(errors, field, _("Choose one of the listed values."), "invalid_choice")
        return default
    return str(value)


def clean_values(values: dict[str, Any]) -> dict[str, Any]:
    """Every content field of a listing checked at once: ValidationError names them all."""
    errors: Errors = {}
    out: dict[str, Any] = {}
    out["area_m2"] = clean_area(errors, "area_m2", values.get("area_m2"), required=True)
    out["actual_area_m2"] = clean_area(
        errors, "actual_area_m2", values.get("actual_area_m2"), required=False
    )
    for field in ("bedrooms", "living_rooms", "bathrooms"):
        out[field] = clean_count(errors, field, values.get(field), high=MAX_ROOMS)
    out["total_floors"] = clean_count(
        errors, "total_floors", values.get("total_floors"), low=1, high=MAX_FLOORS
    )
    out["floor"] = clean_count(errors, "floor", values.get("floor"), low=MIN_FLOOR, high=MAX_FLOORS)
    if (
        out["floor"] is not None
        and out["total_floors"] is not None
        and out["floor"] > out["total_floors"]
    ):
        add_error(errors, "floor", _("The floor is above the top of the building."), "invalid")
    out["building_type"] = _clean_choice(
        errors, "building_type", values.get("building_type"), BuildingType, BuildingType.RESIDENTIAL
    )
    out["decoration"] = _clean_choice(
        errors, "decoration", values.get("decoration"), Decoration, Decoration.UNKNOWN
    )
    out["furnished"] = bool(values.get("furnished"))
    out["features"] = clean_features(errors, values.get("features"))
    out["description"] = clean_text(values.get("description"))
    if len(out["description"]) > DESCRIPTION_MAX_LENGTH:
        add_error(
            errors,
            "description",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=DESCRIPTION_MAX_LENGTH,
        )
    out["owner_name"] = clean_text(values.get("owner_name"))
    if len(out["owner_name"]) > 64:
        add_error(
            errors, "owner_name", _("Enter at most %(max)d characters."), "max_length", max=64
        )
    out["owner_phone"] = clean_text(values.get("owner_phone"))
    if out["owner_phone"]:
        try:
            out["owner_phone"] = normalize_phone(out["owner_phone"])
        except ValidationError as exc:
            errors.setdefault("owner_phone", []).extend(exc.error_list)
    if "price_yuan" in values:
        out["price_yuan"] = clean_price(errors, "price_yuan", values["price_yuan"])
    if "consigned_price_yuan" in values:
        out["consigned_price_yuan"] = clean_price(
            errors, "consigned_price_yuan", values["consigned_price_yuan"]
        )
    raise_if(errors)
    return out


def listing_create(
    *,
    community: Community,
    area_m2: Any,
    actor: Any = None,
    bedrooms: int | None = None,
    living_rooms: int | None = None,
    bathrooms: int | None = None,
    building_type: str = BuildingType.RESIDENTIAL,
    actual_area_m2: Any = None,
    floor: int | None = None,
    total_floors: int | None = None,
    decoration: str = Decoration.UNKNOWN,
    furnished: bool = False,
    price_yuan: int | None = None,
    consigned_price_yuan: int | None = None,
    features: Iterable[str] = (),
    description: str = "",
    owner_name: str = "",
    owner_phone: str = "",
    source_text: str = "",
    source_key: str | None = None,
) -> Listing:
    """A draft listing in the community's district. `price_yuan` None is 面议."""
    values = clean_values(
        {
            "area_m2": area_m2,
            "actual_area_m2": actual_area_m2,
            "bedrooms": bedrooms,
            "living_rooms": living_rooms,
            "bathrooms": bathrooms,
            "building_type": building_type,
            "floor": floor,
            "total_floors": total_floors,
            "decoration": decoration,
            "furnished": furnished,
            "features": list(features),
            "description": description,
            "owner_name": owner_name,
            "owner_phone": owner_phone,
            "price_yuan": price_yuan,
            "consigned_price_yuan": consigned_price_yuan,
        }
    )
    require_staff(actor, community.place_id)
    listing = Listing(
        community=community,
        place_id=community.place_id,
        status=ListingStatus.DRAFT,
        unit_price_yuan=unit_price(values["price_yuan"], values["area_m2"]),
        source_text=source_text,
        source_key=source_key,
        **values,
    )
    with transaction.atomic():
        listing.save()
        listing_reindex(listing)
        event_record(
            listing=listing, actor=actor, from_status="", old_price_yuan=None, action=Action.CREATE
        )
    return listing


def listing_update(*, listing: Listing, actor: Any = None, **changes: Any) -> Listing:
    """Change any of EDITABLE_FIELDS of a listing that is not sold. A published
    listing is matched against the open demands again once committed: new features,
    rooms or area may fit buyers it did not fit before (each is still told once)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"listing_update got unknown fields: {sorted(unknown)}")
    current = {field: getattr(listing, field) for field in EDITABLE_FIELDS}
    values = clean_values({**current, **changes})
    require_staff(actor, listing.place_id)
    with transaction.atomic():
        locked = lock(listing)
        if locked.status == ListingStatus.SOLD:
            raise DomainError(
                "listing_closed", gettext("A sold listing cannot be changed."), status=409
            )
        for field in EDITABLE_FIELDS:
            setattr(locked, field, values[field])
        locked.unit_price_yuan = unit_price(locked.price_yuan, locked.area_m2)
        locked.save(update_fields=[*EDITABLE_FIELDS, "unit_price_yuan", "updated_at"])
        listing_reindex(locked)
        event_record(
            listing=locked,
            actor=actor,
            from_status=locked.status,
            old_price_yuan=locked.price_yuan,
            note=gettext("Details changed: %(fields)s") % {"fields": ", ".join(sorted(changes))},
        )
        if locked.status == ListingStatus.PUBLISHED:
            listing_match_schedule(locked, trigger=MatchNotice.Trigger.DETAILS_CHANGED)
    copy_back(listing, locked)
    return locked


def listing_change_price(
    *,
    listing: Listing,
    actor: Any,
    price_yuan: int | None,
    consigned_price_yuan: int | None = None,
    note: str = "",
) -> Listing:
    """A new asking price (None: 面议), recorded with the old one in the history.

    `consigned_price_yuan`, when given, is the owner's new price. A verified listing
    whose price leaves the 3 % band around the owner's price loses its mark.
    """
    errors: Errors = {}
    price = clean_price(errors, "price_yuan", price_yuan)
    consigned = clean_price(errors, "consigned_price_yuan", consigned_price_yuan)
    text = clean_note(errors, note)
    raise_if(errors)
    require_staff(actor, listing.place_id)
    with transaction.atomic():
        locked = lock(listing)
        if locked.status in (ListingStatus.SOLD, ListingStatus.WITHDRAWN, ListingStatus.EXPIRED):
            raise DomainError(
                "listing_closed",
                gettext("The price of a listing that is off the market cannot be changed."),
                status=409,
                current_status=locked.status,
            )
        old_price = locked.price_yuan
        locked.price_yuan = price
        if consigned is not None:
            locked.consigned_price_yuan = consigned
        locked.unit_price_yuan = unit_price(price, locked.area_m2)
        fields = ["price_yuan", "consigned_price_yuan", "unit_price_yuan", "updated_at"]
        if locked.verified and not _price_agrees(locked):
            locked.verified = False
            fields.append("verified")
            text = " ".join(
                filter(None, [text, gettext("Verification lifted: the price left the 3 % band.")])
            )
        locked.save(update_fields=fields)
        listing_terms_sync(locked)
        event_record(
            listing=locked,
            actor=actor,
            from_status=locked.status,
            old_price_yuan=old_price,
            note=text,
        )
        if locked.status == ListingStatus.PUBLISHED and locked.price_yuan != old_price:
            # Buyers whose budget it now fits hear of it (those told before do not).
            listing_match_schedule(locked, trigger=MatchNotice.Trigger.PRICE_CHANGED)
    copy_back(listing, locked)
    return locked


def _price_agrees(listing: Listing) -> bool:
    if listing.price_yuan is None:
        return True  # 面议 advertises no price to mislead with
    if listing.consigned_price_yuan is None:
        return False
    return within_percent(listing.price_yuan, listing.consigned_price_yuan, PRICE_TOLERANCE_PERCENT)
