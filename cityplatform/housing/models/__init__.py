"""Housing data: communities (小区) with their aliases, second-hand listings, their
append-only history, and the public's reports of false listings; viewing appointments,
deals with their timelines, and listing photos."""

from .communities import Community, CommunityAlias, community_key
from .deals import NEXT_DEAL_STAGE, OPEN_DEAL_STAGES, Deal, DealEvent, DealStage
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
from .photos import ListingPhoto
from .reports import FalseListingReport, ListingEvent
from .search import ListingTerm
from .viewings import ACTIVE_VIEWING_STATUSES, Viewing, ViewingCall, ViewingStatus

__all__ = [
    "ACTIVE_STATUSES",
    "ACTIVE_VIEWING_STATUSES",
    "ALLOWED_TRANSITIONS",
    "DEMAND_TRANSITIONS",
    "MAX_AREA_M2",
    "MAX_DIGEST_LISTINGS",
    "MAX_PRICE_YUAN",
    "MAX_ROOMS",
    "NEXT_DEAL_STAGE",
    "OPEN_DEAL_STAGES",
    "BuildingType",
    "BuyerDemand",
    "BuyerMessage",
    "Community",
    "CommunityAlias",
    "Deal",
    "DealEvent",
    "DealStage",
    "Decoration",
    "DemandEvent",
    "DemandMatchKey",
    "DemandSource",
    "DemandStatus",
    "FalseListingReport",
    "Listing",
    "ListingEvent",
    "ListingPhoto",
    "ListingStatus",
    "ListingTerm",
    "MatchNotice",
    "NoticePreference",
    "Viewing",
    "ViewingCall",
    "ViewingStatus",
    "community_key",
]
