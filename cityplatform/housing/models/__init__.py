"""Housing data: communities (小区) with their aliases, second-hand listings, their
append-only history, and the public's reports of false listings; viewing appointments."""

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
from .viewings import ACTIVE_VIEWING_STATUSES, Viewing, ViewingStatus

__all__ = [
    "ACTIVE_STATUSES",
    "ACTIVE_VIEWING_STATUSES",
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
    "Viewing",
    "ViewingStatus",
    "community_key",
]
