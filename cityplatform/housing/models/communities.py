"""Communities (小区) and the other names people know them by."""

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityplatform.places.models import Place

NAME_MAX_LENGTH = 64
_SPACE = re.compile(r"\s+")


def community_key(name: str) -> str:
    """The form names are compared in: NFKC (full-width → half-width), no spaces,
    lower case. 老一医院宿舍 and "老一医院宿舍 " are the same community."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name)).lower()


class Community(models.Model):
    """A residential community (小区) in one district or county of 株洲.

    `place` is the district or county; a community whose district no ad named yet sits
    at 株洲市 itself until one does (see services.community_get_or_create).
    """

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # community_key(name), set by the services; unique within a place.
    key = models.CharField(_("comparison key"), max_length=NAME_MAX_LENGTH, editable=False)
    place = models.ForeignKey(
        Place,
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        related_name="+",
        # Search and matching look a district's homes up among the places down to
        # county level (search.district_codes, matching.forward._posting_places).
        limit_choices_to={"level__lte": Place.Level.COUNTY},
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "key"],
                name="housing_community_unique_name_in_place",
                violation_error_message=_("This district already has a community of that name."),
            ),
        ]
        # Search looks a keyword up by its key in every district at once.
        indexes = [models.Index(fields=["key"], name="housing_community_key")]

    def __str__(self) -> str:
        return self.name


class CommunityAlias(models.Model):
    """Another name of a community: 操坪小区 is 老一医院宿舍. An alias names one
    community in the whole city."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("alias"), max_length=NAME_MAX_LENGTH)
    key = models.CharField(
        _("comparison key"), max_length=NAME_MAX_LENGTH, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # An alias belongs to the place of its community (see accounts.jurisdiction).
    place_field = "community__place"

    class Meta:
        verbose_name = _("community alias")
        verbose_name_plural = _("community aliases")
        ordering = ["alias", "id"]

    def __str__(self) -> str:
        return self.alias
