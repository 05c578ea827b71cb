from django.db import models

from .listings import Listing

TERM_MAX_LENGTH = 64


class ListingTerm(models.Model):
    """The keyword index: one row per distinct search term of a listing.

    Built by the services from the community's names, the features and the description
    (core.segmentation), so 二中 or 家电齐全 find a listing with one indexed lookup.
    """

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=TERM_MAX_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "listing"], name="housing_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term
