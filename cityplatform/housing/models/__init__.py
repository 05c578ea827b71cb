"""Housing data: communities (小区) with their aliases, second-hand listings, their
append-only history, and the public's reports of false listings."""

from .communities import Community, CommunityAlias, community_key
from .listings import (
    ACTIVE_STATUSES,
    ALLOWED_TRANSITIONS,
    MAX_AREA_M2,
    MAX_PRICE_YUAN,
    MAX_ROOMS,
    BuildingType,
    Decoration,
    Listing,
    ListingStatus,
)
from .reports import FalseListingReport, ListingEvent
from .search import ListingTerm

__all__ = [
    "ACTIVE_STATUSES",
    "ALLOWED_TRANSITIONS",
    "MAX_AREA_M2",
    "MAX_PRICE_YUAN",
    "MAX_ROOMS",
    "BuildingType",
    "Community",
    "CommunityAlias",
    "Decoration",
    "FalseListingReport",
    "Listing",
    "ListingEvent",
    "ListingStatus",
    "ListingTerm",
    "community_key",
]
