"""Housing data: communities (小区) with their aliases, second-hand listings, their
append-only history, and the public's reports of false listings."""

from .communities import Community, CommunityAlias, community_key
from .demands import (
    DEMAND_TRANSITIONS,
    MAX_DIGEST_LISTINGS,
    BuyerDemand,
    DemandEvent,
    DemandMatchKey,
    DemandSource,
    DemandStatus,
    NoticePreference,
)
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
from .matching import BuyerMessage, MatchNotice
from .reports import FalseListingReport, ListingEvent
from .search import ListingTerm

__all__ = [
    "ACTIVE_STATUSES",
    "ALLOWED_TRANSITIONS",
    "DEMAND_TRANSITIONS",
    "MAX_AREA_M2",
    "MAX_DIGEST_LISTINGS",
    "MAX_PRICE_YUAN",
    "MAX_ROOMS",
    "BuildingType",
    "BuyerDemand",
    "BuyerMessage",
    "Community",
    "CommunityAlias",
    "Decoration",
    "DemandEvent",
    "DemandMatchKey",
    "DemandSource",
    "DemandStatus",
    "FalseListingReport",
    "Listing",
    "ListingEvent",
    "ListingStatus",
    "ListingTerm",
    "MatchNotice",
    "NoticePreference",
    "community_key",
]
