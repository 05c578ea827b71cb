"""The keyword index of listings (ListingTerm), rebuilt whenever what it reads changes,
and its copies of the listing's filter columns kept in step with every change."""

from django.utils import translation

from cityplatform.core.segmentation import index_terms
from cityplatform.housing.models import (
    BuildingType,
    Community,
    Decoration,
    Listing,
    ListingStatus,
    ListingTerm,
)
from cityplatform.housing.models.search import TERM_MAX_LENGTH


def community_names(community: Community) -> list[str]:
    """The community's name and aliases: buyers search by any of them."""
    return [community.name, *community.aliases.values_list("alias", flat=True)]


def search_text(
    names: list[str], features: list[str], building_type: str, decoration: str, description: str
) -> str:
    """What a listing is found by: its community's names, features, kind of building,
    decoration and description (values, not a model: migrations re-index with it)."""
    # Buyers search in Chinese whatever language the importing session speaks.
    with translation.override("zh-hans"):
        labels = dict(BuildingType.choices) | dict(Decoration.choices)
        kinds = [
            str(labels.get(building_type, building_type)),
            "" if decoration == Decoration.UNKNOWN else str(labels.get(decoration, decoration)),
        ]
    return " ".join([*names, *features, *kinds, description])


def listing_search_text(listing: Listing, names: list[str] | None = None) -> str:
    """`names`: the community's names, when the caller has them already."""
    names = community_names(listing.community) if names is None else names
    return search_text(
        names, listing.features, listing.building_type, listing.decoration, listing.description
    )


def stored_terms(text: str) -> list[str]:
    """The index terms of a text as ListingTerm stores them (cut to its column)."""
    return sorted({t[:TERM_MAX_LENGTH] for t in index_terms(text)})


def index_copies(listing: Listing) -> dict[str, object]:
    """The listing's filter and sort columns as its ListingTerm rows copy them
    (attributes only: a migration's historical rows work too)."""
    return {
        "published": listing.status == ListingStatus.PUBLISHED,
        "place_code": listing.place_id,
        "bedrooms": listing.bedrooms,
        "price_yuan": listing.price_yuan,
        "area_m2": listing.area_m2,
        "unit_price_yuan": listing.unit_price_yuan,
        "first_listed_at": listing.first_listed_at,
    }


def listing_reindex(listing: Listing) -> None:
    """Replace the listing's terms. Call inside the transaction that changed it."""
    ListingTerm.objects.filter(listing=listing).delete()
    copies = index_copies(listing)
    ListingTerm.objects.bulk_create(
        ListingTerm(listing=listing, term=t, **copies)
        for t in stored_terms(listing_search_text(listing))
    )


def listing_terms_sync(listing: Listing) -> None:
    """Bring the index's copies (index_copies: status, place, bedrooms, price, area,
    unit price, first listing time) in line with the listing. Every service that
    changes one of them calls it, in its transaction."""
    ListingTerm.objects.filter(listing=listing).update(**index_copies(listing))


def community_reindex_listings(community: Community) -> int:
    """Rebuild the terms of every listing of the community, after its name or aliases
    changed (a buyer searching 操坪小区 must find 老一医院宿舍's homes at once). Call
    inside the transaction that changed them; returns how many listings."""
    names = community_names(community)
    listings = list(Listing.objects.filter(community=community).select_related("community"))
    ListingTerm.objects.filter(listing__in=[x.pk for x in listings]).delete()
    rows = [
        ListingTerm(listing=listing, term=term, **index_copies(listing))
        for listing in listings
        for term in stored_terms(listing_search_text(listing, names))
    ]
    ListingTerm.objects.bulk_create(rows, batch_size=1000)
    return len(listings)


def community_index_new_name(community: Community, name: str) -> int:
    """Add the terms of a new name (an alias) to every listing of the community.

    The index of a listing is the terms of its parts (names, features, description)
    taken together, and jieba cuts at the spaces between them, so a new name only adds
    its own terms: one INSERT instead of segmenting every listing's text again. (A
    removed name needs `community_reindex_listings`: its terms may come from elsewhere
    too.) Returns how many listings.
    """
    terms = stored_terms(name)
    listings = list(
        Listing.objects.filter(community=community).only(
            "pk",
            "status",
            "place_id",
            "bedrooms",
            "price_yuan",
            "area_m2",
            "unit_price_yuan",
            "first_listed_at",
        )
    )
    ListingTerm.objects.bulk_create(
        (
            ListingTerm(listing_id=listing.pk, term=term, **index_copies(listing))
            for listing in listings
            for term in terms
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(listings)
