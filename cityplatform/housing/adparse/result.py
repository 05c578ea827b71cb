"""What parsing one ad gives: `ParsedAd`, and the error codes it may carry."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# Every error is "code: message"; the code is what callers test, the message is for
# people reading the output.
ERRORS = {
    "empty": "the ad has no text",
    "no_community": "no community name found",
    "no_layout": "no room layout found",
    "bad_layout": "more than 20 rooms",
    "no_area": "no floor area found",
    "bad_area": "floor area out of range (above 0, at most 10000 m²)",
    "bad_actual_area": "actual area out of range (above 0, at most 10000 m²)",
    "no_price": "no price found",
    "price_negotiable": "price to be negotiated (面议)",
    "bad_price": "price out of range",
    "price_mismatch": "stated unit price differs from total price / area by more than 5%",
}

CENT = Decimal("0.01")


def error(code: str) -> str:
    return f"{code}: {ERRORS[code]}"


def _area_json(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class ParsedAd:
    """One ad as read. Unknown values are None; areas are in m² (two decimals),
    prices in whole yuan."""

    raw: str
    community: str | None
    district: str | None
    bedrooms: int | None
    living_rooms: int | None
    bathrooms: int | None
    building_type: str | None
    area_m2: Decimal | None
    actual_area_m2: Decimal | None
    price_yuan: int | None
    unit_price_yuan: int | None
    features: tuple[str, ...]
    errors: tuple[str, ...]

    @property
    def error_codes(self) -> tuple[str, ...]:
        return tuple(e.split(":", 1)[0] for e in self.errors)

    def to_json_dict(self) -> dict[str, Any]:
        """The ad as the `parse_ads` command prints it: exactly the 13 fields."""
        return {
            "raw": self.raw,
            "community": self.community,
            "district": self.district,
            "bedrooms": self.bedrooms,
            "living_rooms": self.living_rooms,
            "bathrooms": self.bathrooms,
            "building_type": self.building_type,
            "area_m2": _area_json(self.area_m2),
            "actual_area_m2": _area_json(self.actual_area_m2),
            "price_yuan": self.price_yuan,
            "unit_price_yuan": self.unit_price_yuan,
            "features": list(self.features),
            "errors": list(self.errors),
        }
