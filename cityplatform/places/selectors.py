"""Reads of the place tree."""

from django.db.models import QuerySet

from cityplatform.places.models import Place

ZHUZHOU = "430200000000"
LILING = "430281000000"


def places_within(place: Place, *, level: int | None = None) -> QuerySet[Place]:
    """The place itself and every place inside it, optionally at one level."""
    qs = Place.objects.filter(code__startswith=place.prefix)
    if level is not None:
        qs = qs.filter(level=level)
    return qs


def place_children(place: Place) -> QuerySet[Place]:
    return Place.objects.filter(parent=place).order_by("code")


def place_choices_for_prefix(prefix: str, *, level: int | None = None) -> QuerySet[Place]:
    qs = Place.objects.filter(code__startswith=prefix)
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("code")
