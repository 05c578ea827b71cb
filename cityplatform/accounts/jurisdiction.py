"""The one mechanism that bounds what a user sees by place.

A record "carries a place" when its model has a foreign key to `Place` (named
`place` unless the model says otherwise with `place_field`, which may also be a
path through a parent, e.g. `provider__place`). Place codes are the
primary key, so `place_id` holds the 12-digit code and "inside the user's
jurisdiction" is `place_id LIKE '430281108%'`: one indexed filter, no joins.

- `visible_to(qs, user)` narrows any queryset; pages, API handlers and the admin
  (`JurisdictionAdminMixin`) all call it.
- `can_see(user, obj)` answers for one object, `place_visible_to(user, code)` for a place.
- `get_visible_or_404(qs, user, **lookup)`: absent and not-visible look the same.
"""

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import Http404, HttpRequest

M = TypeVar("M", bound=models.Model)


def place_field_of(model: type[models.Model]) -> str:
    """The foreign key to Place, or a path to one (`provider__place`) for records
    that belong to a place through their parent."""
    return getattr(model, "place_field", "place")


def place_code_of(obj: models.Model) -> str | None:
    """The division code of the place a record belongs to."""
    *path, last = place_field_of(type(obj)).split("__")
    target: Any = obj
    for step in path:
        target = getattr(target, step, None)
        if target is None:
            return None
    code = getattr(target, f"{last}_id", None)
    return None if code is None else str(code)


def jurisdiction_prefix(user: Any) -> str | None:
    """The code prefix a user may see; "" for everything, None for nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    if user.jurisdiction_id is None:
        return None
    jurisdiction = user.jurisdiction
    return jurisdiction.prefix


def visible_to(qs: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    prefix = jurisdiction_prefix(user)
    if prefix is None:
        return qs.none()
    if prefix == "":
        return qs
    field = place_field_of(qs.model)
    # place__code is the foreign-key column itself (code is Place's primary key), so
    # this is a LIKE on the local column; Django trims the join.
    return qs.filter(**{f"{field}__code__startswith": prefix})


def can_see(user: Any, obj: models.Model) -> bool:
    return place_visible_to(user, place_code_of(obj))


def place_visible_to(user: Any, code: str | None) -> bool:
    """Whether the place with this division code lies inside the user's jurisdiction."""
    prefix = jurisdiction_prefix(user)
    return prefix is not None and code is not None and code.startswith(prefix)


def get_visible_or_404(qs: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    obj = visible_to(qs, user).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


class JurisdictionAdminMixin(admin.ModelAdmin):
    """Admin pages list, open and change only records inside the user's place.

    New or edited records must also stay inside it: the place choices are limited.
    """

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        return visible_to(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == place_field_of(self.model):
            from cityplatform.places.models import Place

            prefix = jurisdiction_prefix(request.user)
            places = Place.objects.all()
            kwargs["queryset"] = (
                places.none() if prefix is None else places.filter(code__startswith=prefix)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
