"""The keyword index of listings (ListingTerm), rebuilt whenever what it reads changes."""

from django.utils import translation

from cityplatform.core.segmentation import index_terms
from cityplatform.housing.models import Decoration, Listing, ListingTerm
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


def listing_reindex(listing: Listing) -> None:
    """Replace the listing's terms. Call inside the transaction that changed it."""
    ListingTerm.objects.filter(listing=listing).delete()
    terms = {t[:TERM_MAX_LENGTH] for t in index_terms(listing_search_text(listing))}
    ListingTerm.objects.bulk_create(ListingTerm(listing=listing, term=t) for t in sorted(terms))
