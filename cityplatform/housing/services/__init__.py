"""Writes for housing. Every service validates first, then writes inside one
transaction together with the listing's history (ListingEvent) and an audit entry.

`actor` is the user acting; None means the platform itself (imports, the expiry job,
the demo) and skips the role checks. Business-rule violations raise DomainError (409
for a move the workflow does not allow); wrong role or district, PermissionDenied.
"""

from .communities import (
    community_alias_add,
    community_alias_remove,
    community_find,
    community_get_or_create,
    community_save,
)
from .deals import deal_advance, deal_fall_through, deal_open
from .demands import demand_assign, demand_register, demand_set_status, demand_update
from .freshness import listing_expire_stale, listing_refresh
from .imports import ad_source_key, listing_import_from_ad
from .lifecycle import (
    listing_back_on_market,
    listing_duplicate_clear,
    listing_mark_under_offer,
    listing_publish,
    listing_relist,
    listing_submit,
    listing_withdraw,
)
from .listings import listing_change_price, listing_create, listing_update
from .matching import (
    listing_match_demands,
    listing_match_schedule,
    match_digests_send,
    match_notice_dismiss,
    match_notice_mark_called,
)
from .photos import listing_photo_add, listing_photo_remove, listing_photo_update
from .reports import false_listing_report_resolve, false_listing_report_submit
from .verification import listing_verify, verification_problems
from .viewing_calls import viewing_call_done
from .viewings import viewing_book, viewing_record_outcome

__all__ = [
    "ad_source_key",
    "community_alias_add",
    "community_alias_remove",
    "community_find",
    "community_get_or_create",
    "community_save",
    "deal_advance",
    "deal_fall_through",
    "deal_open",
    "demand_assign",
    "demand_register",
    "demand_set_status",
    "demand_update",
    "false_listing_report_resolve",
    "false_listing_report_submit",
    "listing_back_on_market",
    "listing_change_price",
    "listing_create",
    "listing_duplicate_clear",
    "listing_expire_stale",
    "listing_import_from_ad",
    "listing_mark_under_offer",
    "listing_match_demands",
    "listing_match_schedule",
    "listing_photo_add",
    "listing_photo_remove",
    "listing_photo_update",
    "listing_publish",
    "listing_refresh",
    "listing_relist",
    "listing_submit",
    "listing_update",
    "listing_verify",
    "listing_withdraw",
    "match_digests_send",
    "match_notice_dismiss",
    "match_notice_mark_called",
    "verification_problems",
    "viewing_book",
    "viewing_call_done",
    "viewing_record_outcome",
]
