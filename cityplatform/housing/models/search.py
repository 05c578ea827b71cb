from django.db import models

from .listings import Listing

TERM_MAX_LENGTH = 64


class ListingTermQuerySet(models.QuerySet["ListingTerm"]):
    def published(self) -> "ListingTermQuerySet":
        """The postings of published listings. Not `published=True`: that compiles to a
        bare `WHERE published`, and SQLite ranges an index only over columns tested for
        equality, so the range of housing_term_search would stop at `term` and read the
        term's postings in every district and price. `IN (true)` is an equality test
        to SQLite and PostgreSQL alike."""
        return self.filter(published__in=[True])


class ListingTerm(models.Model):
    """The keyword index: one row per distinct search term of a listing.

    Built by the services from the community's names, the features and the description
    (core.segmentation), so 二中 or 家电齐全 find a listing with one indexed lookup.

    Each row also carries copies of what buyers filter and sort a keyword search by,
    kept in step by the services (services.search_index.listing_terms_sync): whether
    the listing is published, its district, bedrooms and price, then its area, unit
    price and first listing time. A common term within a district and a price band is
    then one range of the index housing_term_search, and a page of it in any order is
    read from that range alone, without reading the listings (docs/decisions.md,
    "Listing search at a million listings").
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=TERM_MAX_LENGTH)
    published = models.BooleanField(default=False)
    place_code = models.CharField(max_length=12, default="")
    bedrooms = models.PositiveSmallIntegerField(null=True)
    price_yuan = models.BigIntegerField(null=True)
    # The sort keys (search.SORTS) besides the price: the index holds them after the
    # listing, where they order nothing and save reading the listing.
    area_m2 = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    unit_price_yuan = models.PositiveIntegerField(null=True)
    first_listed_at = models.DateTimeField(null=True)

    objects = ListingTermQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "listing"], name="housing_term_unique"),
        ]
        indexes = [
            models.Index(
                fields=[
                    "term",
                    "published",
                    "place_code",
                    "price_yuan",
                    "bedrooms",
                    "listing",
                    "area_m2",
                    "unit_price_yuan",
                    "first_listed_at",
                ],
                name="housing_term_search",
            ),
        ]

    def __str__(self) -> str:
        return self.term
