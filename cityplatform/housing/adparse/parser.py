"""`parse_ad`, `split_ads` and `parse_text`: the readers put together."""

import re
from decimal import ROUND_HALF_UP, Decimal

from .amounts import AREA, TOTAL, read_areas, read_total, read_unit_price
from .features import read_features
from .layout import LAYOUT, read_building_type, read_layout
from .place import read_place
from .result import ParsedAd, error
from .text import Work, normalize

MAX_AREA = Decimal(10000)
MAX_PRICE = 10**10  # 100亿: no home costs more; a larger sum is a misread
MISMATCH = Decimal("0.05")

# Where the community name ends at the latest: the layout, an area or a price (the
# readers' patterns, their group names dropped so they can be joined).
_NAME_STOP = re.compile(
    "|".join(re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for p in (LAYOUT, AREA, TOTAL))
)
_AD_BREAK = re.compile(r"\t|\u3000{2,}")


def split_ads(line: str) -> list[str]:
    """The ads on one line: tabs separate them, as do two or more full-width spaces."""
    return [ad for part in _AD_BREAK.split(line) if (ad := part.strip(" \u3000\r\n\f\v"))]


def parse_text(text: str) -> list[ParsedAd]:
    """Every ad in a text of one or more ads per line."""
    return [parse_ad(ad) for line in text.splitlines() for ad in split_ads(line)]


def _plausible_area(value: Decimal | None) -> bool:
    return value is None or Decimal(0) < value <= MAX_AREA


def parse_ad(text: str) -> ParsedAd:
    """Read one ad. Never raises: what cannot be read is None and listed in `errors`."""
    raw = text.strip()
    if not raw:
        return ParsedAd(
            raw, None, None, None, None, None, None, None, None, None, None, (), (error("empty"),)
        )
    errors: list[str] = []
    work = Work(normalize(raw))

    # Order matters: each reader blanks out what it takes, so unit prices go before
    # areas (6800元/㎡ is no area) and areas before totals.
    community, district = read_place(work, _NAME_STOP)
    stated_unit_price = read_unit_price(work)
    layout, too_many_rooms = read_layout(work)
    building_type = read_building_type(work)
    areas = read_areas(work)
    total = read_total(work)
    features = read_features(work)

    if community is None:
        errors.append(error("no_community"))
    if too_many_rooms:
        errors.append(error("bad_layout"))
    elif layout is None:
        errors.append(error("no_layout"))
    if building_type is None and layout is not None:
        building_type = "住宅"

    area, actual_area = areas.area, areas.actual
    if not _plausible_area(area):
        errors.append(error("bad_area"))
        area = None
    elif area is None:
        errors.append(error("no_area"))
    if not _plausible_area(actual_area):
        errors.append(error("bad_actual_area"))
        actual_area = None

    price = total.yuan
    if price is not None and not 0 < price <= MAX_PRICE:
        errors.append(error("bad_price"))
        price = None
    elif price is None and stated_unit_price is not None and area is not None:
        price = int((stated_unit_price * area).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    elif price is None and total.negotiable:
        errors.append(error("price_negotiable"))
    elif price is None:
        errors.append(error("no_price"))

    unit_price = stated_unit_price
    if price is not None and area is not None:
        derived = (Decimal(price) / area).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if unit_price is None:
            unit_price = int(derived)
        elif abs(derived - unit_price) > MISMATCH * unit_price:
            errors.append(error("price_mismatch"))

    return ParsedAd(
        raw=raw,
        community=community,
        district=district,
        bedrooms=layout.bedrooms if layout else None,
        living_rooms=layout.living_rooms if layout else None,
        bathrooms=layout.bathrooms if layout else None,
        building_type=building_type,
        area_m2=area,
        actual_area_m2=actual_area,
        price_yuan=price,
        unit_price_yuan=unit_price,
        features=features,
        errors=tuple(errors),
    )
