"""What a match is: the hard criteria a listing must meet, the score and its reasons.

Pure functions over two small records, `Criteria` (a demand) and `ListingFacts` (a
listing), shared by both directions of matching and by the benchmark's naive
versions, so every path agrees on what fits and how well.

Hard criteria filter: the place (a named community or district, or anywhere), the
budget, bedrooms, area and building type. Soft criteria score, 0-100:

    location   15 in a named community, 8 in a named district
    features   30 × the share of must-have features the listing has
    keywords   15 × the share of keywords found
    price      15 × how far below the budget ceiling, within the budget
    freshness  10 first listed within 7 days, 5 refreshed within 7 days
    verified   15 真房源

Integer arithmetic throughout (floor division), so the SQL ranking of
housing.matching.forward computes exactly the same numbers.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from cityplatform.core.segmentation import query_terms
from cityplatform.housing.models import BuildingType

LOCATION_COMMUNITY = 15
LOCATION_DISTRICT = 8
FEATURES_WEIGHT = 30
KEYWORDS_WEIGHT = 15
PRICE_WEIGHT = 15
NEW_WEIGHT = 10
REFRESHED_WEIGHT = 5
VERIFIED_WEIGHT = 15
RECENT = timedelta(days=7)

_TYPE_BITS = {value: 1 << index for index, value in enumerate(BuildingType.values)}


def type_bit(building_type: str) -> int:
    return _TYPE_BITS.get(building_type, 0)


def types_mask(building_types: Iterable[str]) -> int:
    """The bit mask of DemandMatchKey.building_types; 0 is any type."""
    mask = 0
    for value in building_types:
        mask |= type_bit(value)
    return mask


def feature_terms(features: Iterable[str]) -> dict[str, list[str]]:
    """Each must-have feature with the index terms a listing needs to have it."""
    return {f: list(query_terms(f)) for f in features if query_terms(f)}


def keyword_terms(keywords: str) -> list[str]:
    return list(query_terms(keywords)) if keywords.strip() else []


@dataclass(frozen=True)
class Criteria:
    """A demand as matching sees it. Bounds None are open."""

    demand_id: int
    place_codes: frozenset[str] = frozenset()
    community_ids: frozenset[int] = frozenset()
    budget_min: int | None = None
    budget_max: int | None = None
    bedrooms_min: int | None = None
    bedrooms_max: int | None = None
    area_min: Decimal | None = None
    area_max: Decimal | None = None
    building_types: frozenset[str] = frozenset()
    # feature → its index terms; keyword terms
    features: dict[str, list[str]] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()

    @property
    def anywhere(self) -> bool:
        return not self.place_codes and not self.community_ids


@dataclass(frozen=True)
class ListingFacts:
    """A published listing as matching sees it. `has_term` answers whether the
    listing's keyword index holds a term (a set lookup, or a substring test in the
    benchmark's naive version)."""

    listing_id: int
    place_code: str
    place_name: str
    community_id: int
    community_name: str
    price_yuan: int | None
    bedrooms: int | None
    area_m2: Decimal
    building_type: str
    verified: bool
    first_listed_at: datetime | None
    refreshed_at: datetime | None
    has_term: Callable[[str], bool]


def _within(value: Any, low: Any, high: Any) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def fits(criteria: Criteria, facts: ListingFacts) -> bool:
    """Whether the listing meets every hard criterion of the demand."""
    if not criteria.anywhere and not (
        facts.community_id in criteria.community_ids or facts.place_code in criteria.place_codes
    ):
        return False
    if criteria.building_types and facts.building_type not in criteria.building_types:
        return False
    return (
        _within(facts.price_yuan, criteria.budget_min, criteria.budget_max)
        and _within(facts.bedrooms, criteria.bedrooms_min, criteria.bedrooms_max)
        and _within(facts.area_m2, criteria.area_min, criteria.area_max)
    )


class Match(NamedTuple):
    """A listing's fit to a demand. A named tuple: the reverse match makes thousands a
    listing, and a frozen dataclass costs several times as much to build."""

    listing_id: int
    demand_id: int
    score: int
    reasons: list[dict[str, Any]]


def price_points(price: int | None, budget_min: int | None, budget_max: int | None) -> int:
    """15 at the bottom of the budget, 0 at its ceiling (0 without a ceiling)."""
    if price is None or budget_max is None:
        return 0
    low = budget_min or 0
    if budget_max <= low:
        return PRICE_WEIGHT
    return max(0, min(PRICE_WEIGHT, (budget_max - price) * PRICE_WEIGHT // (budget_max - low)))


Reasons = list[dict[str, Any]]


def bounds_part(criteria: Criteria, facts: ListingFacts) -> tuple[int, Reasons]:
    """The place share and the reasons of the hard criteria the demand names (the
    price share apart: see price_points)."""
    points = 0
    reasons: Reasons = []
    if facts.community_id in criteria.community_ids:
        points += LOCATION_COMMUNITY
        reasons.append({"code": "community", "value": facts.community_name})
    elif facts.place_code in criteria.place_codes:
        points += LOCATION_DISTRICT
        reasons.append({"code": "district", "value": facts.place_name})
    if criteria.budget_min is not None or criteria.budget_max is not None:
        reasons.append({"code": "within_budget"})
    if criteria.bedrooms_min is not None or criteria.bedrooms_max is not None:
        reasons.append({"code": "bedrooms", "value": facts.bedrooms})
    if criteria.area_min is not None or criteria.area_max is not None:
        reasons.append({"code": "area", "value": str(facts.area_m2)})
    if criteria.building_types:
        reasons.append({"code": "building_type", "value": facts.building_type})
    return points, reasons


def terms_part(criteria: Criteria, facts: ListingFacts) -> tuple[int, Reasons]:
    """The feature and keyword shares, with their reasons."""
    # In the features' own order, not the dict's: PostgreSQL's jsonb keeps a demand's
    # features in an order of its own.
    return wanted_terms_part(sorted(criteria.features.items()), criteria.keywords, facts)


def wanted_terms_part(
    features: Sequence[tuple[str, Any]], keywords: tuple[str, ...], facts: ListingFacts
) -> tuple[int, Reasons]:
    """terms_part of the features (name → their terms, sorted by name) and keywords."""
    points = 0
    reasons: Reasons = []
    if features:
        met = [f for f, terms in features if all(map(facts.has_term, terms))]
        points += len(met) * FEATURES_WEIGHT // len(features)
        reasons.extend({"code": "feature", "value": f} for f in met)
        reasons.extend({"code": "feature_missing", "value": f} for f, _ in features if f not in met)
    if keywords:
        found = [t for t in keywords if facts.has_term(t)]
        points += len(found) * KEYWORDS_WEIGHT // len(keywords)
        reasons.extend({"code": "keyword", "value": t} for t in found)
    return points, reasons


def listing_part(facts: ListingFacts, *, now: datetime) -> tuple[int, Reasons]:
    """The shares the listing earns whatever the demand: freshness and verification."""
    points = 0
    reasons: Reasons = []
    if facts.first_listed_at is not None and facts.first_listed_at >= now - RECENT:
        points += NEW_WEIGHT
        reasons.append({"code": "new"})
    elif facts.refreshed_at is not None and facts.refreshed_at >= now - RECENT:
        points += REFRESHED_WEIGHT
        reasons.append({"code": "refreshed"})
    if facts.verified:
        points += VERIFIED_WEIGHT
        reasons.append({"code": "verified"})
    return points, reasons


def score(criteria: Criteria, facts: ListingFacts, *, now: datetime) -> Match:
    """The score (0-100) and reasons of a listing that fits the demand: the parts
    above, in this order, and the price share."""
    points = 0
    reasons: Reasons = []
    for part_points, part_reasons in (
        bounds_part(criteria, facts),
        terms_part(criteria, facts),
        listing_part(facts, now=now),
    ):
        points += part_points
        reasons += part_reasons
    if criteria.budget_min is not None or criteria.budget_max is not None:
        points += price_points(facts.price_yuan, criteria.budget_min, criteria.budget_max)
    return Match(
        listing_id=facts.listing_id, demand_id=criteria.demand_id, score=points, reasons=reasons
    )


def reason_text(reason: dict[str, Any]) -> str:
    """One reason in the reader's language: 总价在预算内, 满足必备特色: 家电齐全 …"""
    code, value = reason.get("code"), reason.get("value")
    if code == "community":
        return _("In a community you named: %(name)s") % {"name": value}
    if code == "district":
        return _("In a district you named: %(name)s") % {"name": value}
    if code == "within_budget":
        return _("Total price within the budget")
    if code == "bedrooms":
        return _("%(count)s bedrooms, as wanted") % {"count": value}
    if code == "area":
        return _("%(area)s m², within the wanted area") % {"area": value}
    if code == "building_type":
        label = BuildingType(value).label if value in BuildingType.values else value
        return _("Building type as wanted: %(type)s") % {"type": label}
    if code == "feature":
        return _("Has the must-have feature: %(feature)s") % {"feature": value}
    if code == "feature_missing":
        return _("Not mentioned in the ad: %(feature)s") % {"feature": value}
    if code == "keyword":
        return _("Matches the keyword: %(keyword)s") % {"keyword": value}
    if code == "new":
        return _("New on the market")
    if code == "refreshed":
        return _("Confirmed on the market this week")
    if code == "verified":
        return _("Verified listing (真房源)")
    return str(code)


def reasons_text(reasons: Iterable[dict[str, Any]]) -> list[str]:
    return [reason_text(r) for r in reasons]
