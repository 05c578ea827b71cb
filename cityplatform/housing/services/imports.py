"""Ad text in, draft listings out: the import behind `import_ads` and the demo.

The idempotency key is the SHA-256 of the ad's normalised text (NFKC, the parser's
unit spellings unified, whitespace removed: OCR and retyping move spaces around), kept unique on Listing.source_key: the
same ad imported twice, or twice in one file, is one listing.
"""

import hashlib
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityplatform.core.errors import DomainError
from cityplatform.housing.adparse import ParsedAd
from cityplatform.housing.adparse.text import normalize
from cityplatform.housing.models import BuildingType, Decoration, Listing
from cityplatform.housing.services.communities import community_get_or_create
from cityplatform.housing.services.listings import listing_create
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

# The parser's building types (adparse.layout) → ours.
BUILDING_TYPES = {
    "住宅": BuildingType.RESIDENTIAL,
    "公寓": BuildingType.APARTMENT,
    "复式": BuildingType.DUPLEX,
    "洋房": BuildingType.GARDEN_HOUSE,
    "叠墅": BuildingType.STACKED_VILLA,
    "别墅": BuildingType.VILLA,
    "独栋别墅": BuildingType.DETACHED_VILLA,
}
# Feature words that say how the home is decorated, strongest first.
DECORATION_WORDS = (
    (("豪装", "豪华装修"), Decoration.LUXURY),
    (("精装",), Decoration.FINE),
    (("简装",), Decoration.BASIC),
    (("毛坯", "清水房"), Decoration.BARE),
)
FURNISHED_WORDS = ("家具", "拎包入住")

# The parser's error codes (adparse.result.ERRORS), as staff read them.
PARSER_NOTES = {
    "empty": _("The ad has no text."),
    "no_community": _("The ad names no community."),
    "no_layout": _("The ad gives no room layout."),
    "bad_layout": _("The ad gives more than 20 rooms."),
    "no_area": _("The ad gives no floor area."),
    "bad_area": _("The ad's floor area is impossible (above 0, at most 10,000 m²)."),
    "bad_actual_area": _("The ad's actual area is impossible (above 0, at most 10,000 m²)."),
    "no_price": _("The ad gives no price."),
    "price_negotiable": _("The price is to be negotiated (面议)."),
    "bad_price": _("The ad's price is impossible."),
    "price_mismatch": _("The ad's unit price differs from total price / area by more than 5 %."),
}
# Without these an ad cannot become a listing.
BLOCKING = ("empty", "no_community", "no_area", "bad_area")

_SPACE = re.compile(r"\s+")


def ad_source_key(raw: str) -> str:
    text = _SPACE.sub("", normalize(raw))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def district_place(name: str | None, default: Place) -> Place:
    """The district or county the parser named, else the default (株洲市: unknown)."""
    if name:
        place = Place.objects.filter(
            name=name, level=Place.Level.COUNTY, code__startswith=ZHUZHOU[:4]
        ).first()
        if place is not None:
            return place
    return default


def default_district_get(code: str = ZHUZHOU) -> Place:
    place = Place.objects.filter(code=code).first()
    if place is None or not place.code.startswith(ZHUZHOU[:4]):
        raise DomainError(
            "unknown_place",
            gettext("%(code)s is not a place in 株洲.") % {"code": code},
            status=404,
        )
    return place


def decoration_of(features: tuple[str, ...]) -> str:
    for words, decoration in DECORATION_WORDS:
        if any(word in feature for feature in features for word in words):
            return decoration
    return Decoration.UNKNOWN


def parser_notes(parsed: ParsedAd) -> list[str]:
    return [str(PARSER_NOTES.get(code, code)) for code in parsed.error_codes]


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {m}" for field, ms in exc.message_dict.items() for m in ms]
    return list(exc.messages)


def listing_import_from_ad(
    *, parsed: ParsedAd, default_district: str | Place = ZHUZHOU, actor: Any = None
) -> tuple[Listing | None, bool, list[str]]:
    """A draft listing from one parsed ad: (listing, created, problems).

    - Already imported (same source key): (that listing, False, []).
    - Imported now: (listing, True, what the parser could not read, e.g. no layout).
    - Not importable (no community, no area, or an impossible value): (None, False,
      the reasons).

    The district is the ad's when it names one, else `default_district` (a place or a
    12-digit code; 株洲市 430200000000 by default, meaning "somewhere in 株洲").
    """
    key = ad_source_key(parsed.raw)
    existing = Listing.objects.filter(source_key=key).first()
    if existing is not None:
        return existing, False, []
    notes = parser_notes(parsed)
    blocking = [str(PARSER_NOTES[code]) for code in parsed.error_codes if code in BLOCKING]
    if blocking or parsed.community is None or parsed.area_m2 is None:
        return None, False, blocking or [str(PARSER_NOTES["no_area"])]
    default = (
        default_district
        if isinstance(default_district, Place)
        else default_district_get(default_district)
    )
    district = district_place(parsed.district, default)
    try:
        with transaction.atomic():
            community, _created = community_get_or_create(
                name=parsed.community, district=district, actor=actor
            )
            listing = listing_create(
                community=community,
                actor=actor,
                bedrooms=parsed.bedrooms,
                living_rooms=parsed.living_rooms,
                bathrooms=parsed.bathrooms,
                building_type=BUILDING_TYPES.get(parsed.building_type or "", BuildingType.OTHER),
                area_m2=Decimal(str(parsed.area_m2)),
                actual_area_m2=(
                    None if parsed.actual_area_m2 is None else Decimal(str(parsed.actual_area_m2))
                ),
                decoration=decoration_of(parsed.features),
                furnished=any(w in f for f in parsed.features for w in FURNISHED_WORDS),
                price_yuan=parsed.price_yuan,
                features=parsed.features,
                source_text=parsed.raw,
                source_key=key,
            )
    except ValidationError as exc:
        return None, False, _messages(exc)
    except IntegrityError:
        # The same ad imported at this moment by another run: theirs stands.
        existing = Listing.objects.filter(source_key=key).first()
        if existing is None:
            raise
        return existing, False, []
    return listing, True, notes
