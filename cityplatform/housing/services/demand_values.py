"""Checking a buyer's demand: every criterion at once, with a message per bad field.

`clean_demand` returns the cleaned values or raises one ValidationError naming each
field that is wrong (impossible ranges, min above max, a phone number that is not
one, an unknown district or community), so nothing half-checked is ever written.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityplatform.core.validators import clean_text, normalize_phone
from cityplatform.housing.models import (
    MAX_DIGEST_LISTINGS,
    BuildingType,
    Community,
    NoticePreference,
)
from cityplatform.housing.models.demands import DEFAULT_DIGEST_LISTINGS, KEYWORDS_MAX_LENGTH
from cityplatform.housing.services.common import (
    NOTE_MAX_LENGTH,
    Errors,
    add_error,
    clean_area,
    clean_count,
    clean_price,
    raise_if,
)
from cityplatform.housing.services.communities import community_find
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

MAX_DEMAND_FEATURES = 10
FEATURE_MAX_LENGTH = 32
MAX_DEMAND_PLACES = 10
NAME_MAX_LENGTH = 64

# The fields demand_update may change; status and assignment have services of their own.
CRITERIA_FIELDS = (
    "buyer_name",
    "buyer_phone",
    "districts",
    "communities",
    "budget_min_yuan",
    "budget_max_yuan",
    "bedrooms_min",
    "bedrooms_max",
    "area_min_m2",
    "area_max_m2",
    "building_types",
    "features",
    "keywords",
    "notes",
    "notice_preference",
    "digest_max_listings",
)


def _text(value: Any) -> str:
    return clean_text(value if isinstance(value, str) else "" if value is None else str(value))


def _clean_districts(errors: Errors, values: Iterable[Any]) -> list[Place]:
    """Districts and counties of 株洲, given as Place, code or name."""
    found: list[Place] = []
    for value in values or ():
        if isinstance(value, Place):
            place: Place | None = value
        else:
            text = _text(value)
            if not text:
                continue
            lookup = {"code": text} if text.isdigit() else {"name": text}
            place = Place.objects.filter(parent_id=ZHUZHOU, **lookup).first()
        if place is None or place.parent_id != ZHUZHOU:
            add_error(
                errors,
                "districts",
                _("“%(value)s” is not a district or county of Zhuzhou."),
                "invalid_choice",
                value=value,
            )
        elif place not in found:
            found.append(place)
    return found


def _clean_communities(errors: Errors, values: Iterable[Any]) -> list[Community]:
    """Communities given as Community or by a name or alias people know them by."""
    found: list[Community] = []
    for value in values or ():
        if isinstance(value, Community):
            community: Community | None = value
        else:
            text = _text(value)
            if not text:
                continue
            community = community_find(name=text) if len(text) <= NAME_MAX_LENGTH else None
            if community is None:
                add_error(
                    errors,
                    "communities",
                    _(
                        "We do not know the community “%(value)s”: check the name, or say "
                        "it in the notes."
                    ),
                    "unknown_community",
                    value=text[:NAME_MAX_LENGTH],
                )
                continue
        if community is not None and community not in found:
            found.append(community)
    return found


def _clean_strings(
    errors: Errors, field: str, values: Iterable[Any] | None, *, most: int, longest: int
) -> list[str]:
    result: list[str] = []
    for value in values or ():
        text = clean_text(value) if isinstance(value, str) else None
        if text is None or len(text) > longest:
            add_error(
                errors,
                field,
                _("Each entry is text of at most %(max)d characters."),
                "invalid",
                max=longest,
            )
            return []
        if text and text not in result:
            result.append(text)
    if len(result) > most:
        add_error(errors, field, _("Give at most %(max)d entries."), "too_many", max=most)
    return result


_RANGE_MESSAGES = {
    "budget_min_yuan": _("The lowest budget is above the highest."),
    "bedrooms_min": _("The fewest bedrooms are more than the most bedrooms."),
    "area_min_m2": _("The smallest area is above the largest."),
}


def _clean_range(errors: Errors, field: str, low: Any, high: Any) -> None:
    """min > max is refused on the min field (both bounds valid on their own)."""
    if low is not None and high is not None and low > high:
        add_error(errors, field, _RANGE_MESSAGES[field], "range")


def clean_demand(values: dict[str, Any]) -> dict[str, Any]:
    """Every criterion of a demand checked at once; ValidationError names each bad field."""
    errors: Errors = {}
    out: dict[str, Any] = {}
    out["buyer_name"] = _text(values.get("buyer_name"))
    if not out["buyer_name"]:
        add_error(errors, "buyer_name", _("Tell us how to address you."), "required")
    elif len(out["buyer_name"]) > NAME_MAX_LENGTH:
        add_error(
            errors,
            "buyer_name",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=NAME_MAX_LENGTH,
        )
    phone = _text(values.get("buyer_phone"))
    out["buyer_phone"] = ""
    if not phone:
        add_error(errors, "buyer_phone", _("Give a phone number we can call you on."), "required")
    else:
        try:
            out["buyer_phone"] = normalize_phone(phone)
        except ValidationError as exc:
            errors.setdefault("buyer_phone", []).extend(exc.error_list)
    out["districts"] = _clean_districts(errors, values.get("districts") or ())
    out["communities"] = _clean_communities(errors, values.get("communities") or ())
    if len(out["districts"]) + len(out["communities"]) > MAX_DEMAND_PLACES:
        add_error(
            errors,
            "districts",
            _("Name at most %(max)d districts and communities."),
            "too_many",
            max=MAX_DEMAND_PLACES,
        )
    for field in ("budget_min_yuan", "budget_max_yuan"):
        out[field] = clean_price(errors, field, values.get(field))
    _clean_range(errors, "budget_min_yuan", out["budget_min_yuan"], out["budget_max_yuan"])
    for field in ("bedrooms_min", "bedrooms_max"):
        out[field] = clean_count(errors, field, values.get(field))
    _clean_range(errors, "bedrooms_min", out["bedrooms_min"], out["bedrooms_max"])
    for field in ("area_min_m2", "area_max_m2"):
        out[field] = clean_area(errors, field, values.get(field), required=False)
    _clean_range(errors, "area_min_m2", out["area_min_m2"], out["area_max_m2"])
    types = _clean_strings(
        errors, "building_types", values.get("building_types"), most=20, longest=16
    )
    if any(t not in BuildingType.values for t in types):
        add_error(errors, "building_types", _("Choose one of the listed values."), "invalid_choice")
    out["building_types"] = [t for t in BuildingType.values if t in types]
    out["features"] = _clean_strings(
        errors,
        "features",
        values.get("features"),
        most=MAX_DEMAND_FEATURES,
        longest=FEATURE_MAX_LENGTH,
    )
    out["keywords"] = _text(values.get("keywords"))
    if len(out["keywords"]) > KEYWORDS_MAX_LENGTH:
        add_error(
            errors,
            "keywords",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=KEYWORDS_MAX_LENGTH,
        )
    out["notes"] = _text(values.get("notes"))
    if len(out["notes"]) > NOTE_MAX_LENGTH:
        add_error(
            errors,
            "notes",
            _("Enter at most %(max)d characters."),
            "max_length",
            max=NOTE_MAX_LENGTH,
        )
    preference = values.get("notice_preference") or NoticePreference.INSTANT
    if preference not in NoticePreference.values:
        add_error(
            errors, "notice_preference", _("Choose one of the listed values."), "invalid_choice"
        )
    out["notice_preference"] = preference
    size = values.get("digest_max_listings")
    out["digest_max_listings"] = clean_count(
        errors,
        "digest_max_listings",
        DEFAULT_DIGEST_LISTINGS if size in (None, "") else size,
        low=1,
        high=MAX_DIGEST_LISTINGS,
    )
    if (
        not out["districts"]
        and not out["communities"]
        and out["budget_max_yuan"] is None
        and "districts" not in errors
        and "communities" not in errors
    ):
        add_error(
            errors,
            "districts",
            _("Name at least one district or community, or the most you would pay."),
            "required",
        )
    raise_if(errors)
    return out
