"""The keyword index of listings (ListingTerm), rebuilt whenever what it reads changes,
and its copies of the listing's filter columns kept in step with every change."""

from django.utils import translation

from cityplatform.core.segmentation import index_terms
from cityplatform.housing.models import Decoration, Listing, ListingStatus, ListingTerm
from cityplatform.housing.models.search import TERM_MAX_LENGTH


def listing_search_text(listing: Listing) -> str:
    community = listing.community
    names = [community.name, *community.aliases.values_list("alias", flat=True)]
    # Buyers search in Chinese whatever language the importing session speaks.
    with translation.override("zh-hans"):
        kinds = [
            str(listing.get_building_type_display()),
            ""
            if listing.decoration == Decoration.UNKNOWN
            else str(listing.get_decoration_display()),
        ]
    return " ".join([*names, *listing.features, *kinds, listing.description])


def _copies(listing: Listing) -> dict[str, object]:
    return {
        "published": listing.status == ListingStatus.PUBLISHED,
        "place_code": listing.place_id,
        "bedrooms": listing.bedrooms,
        "price_yuan": listing.price_yuan,
    }


def listing_reindex(listing: Listing) -> None:
    """Replace the listing's terms. Call inside the transaction that changed it."""
    ListingTerm.objects.filter(listing=listing).delete()
    terms = {t[:TERM_MAX_LENGTH] for t in index_terms(listing_search_text(listing))}
    copies = _copies(listing)
    ListingTerm.objects.bulk_create(
        ListingTerm(listing=listing, term=t, **copies) for t in sorted(terms)
    )


def listing_terms_sync(listing: Listing) -> None:
    """Bring the index's copies of status, place, bedrooms and price in line with the
    listing. Every service that changes one of them calls it, in its transaction."""
    ListingTerm.objects.filter(listing=listing).update(**_copies(listing))
