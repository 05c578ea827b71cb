"""Writes for communities (小区) and their aliases.

A community is found by its name or any alias, compared after `community_key`
(full-width → half-width, no spaces, lower case). Names are unique within a district;
aliases in the whole city.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityplatform.audit.services import Action, audit_record
from cityplatform.core.validators import clean_text
from cityplatform.housing.models import (
    Community,
    CommunityAlias,
    Listing,
    ListingTerm,
    community_key,
)
from cityplatform.housing.models.communities import NAME_MAX_LENGTH
from cityplatform.housing.services.common import Errors, add_error, raise_if, require_staff
from cityplatform.housing.services.search_index import (
    community_index_new_name,
    community_reindex_listings,
)
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

# "老一医院宿舍(操坪小区)": a name and, in brackets, another name of the same place.
_BRACKETED_ALIAS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<alias>[^()]+)\)$")


def split_alias(name: str) -> tuple[str, str | None]:
    """("老一医院宿舍", "操坪小区") from "老一医院宿舍(操坪小区)" (brackets of either width)."""
    text = clean_text(name).replace("（", "(").replace("）", ")")
    match = _BRACKETED_ALIAS.match(text)
    if match:
        return match["name"].strip(), match["alias"].strip()
    return text, None


def _clean_name(errors: Errors, field: str, name: str) -> str:
    text = clean_text(name)
    if not text:
        add_error(errors, field, _("Give the community's name."), "required")
    elif len(text) > NAME_MAX_LENGTH:
        add_error(
            errors, field, _("Enter at most %(max)d characters."), "max_length", max=NAME_MAX_LENGTH
        )
    return text


def community_find(*, name: str, district: Place | None = None) -> Community | None:
    """The community this name (or alias) stands for, preferring one in `district`.

    Without a district, or with 株洲市 itself (district unknown), a name that exists in
    exactly one district is that community.
    """
    key = community_key(name)
    by_alias = CommunityAlias.objects.filter(key=key).select_related("community").first()
    if by_alias is not None:
        return by_alias.community
    named = list(Community.objects.filter(key=key).order_by("pk"))
    if district is not None and district.code != ZHUZHOU:
        in_district = [c for c in named if c.place_id == district.code]
        if in_district:
            return in_district[0]
        # Known so far only with the district unknown: that is this one.
        return next((c for c in named if c.place_id == ZHUZHOU), None)
    if len(named) == 1:
        return named[0]
    return next((c for c in named if c.place_id == ZHUZHOU), None)


def community_get_or_create(
    *, name: str, district: Place, address: str = "", actor: Any = None
) -> tuple[Community, bool]:
    """The community of this name or alias, created in `district` if there is none.

    "老一医院宿舍(操坪小区)" is community 老一医院宿舍 with alias 操坪小区 (either name
    finds it). A community first seen without a district (at 株洲市) moves to the
    district a later ad names, with its listings.
    """
    errors: Errors = {}
    main, alias = split_alias(name)
    main = _clean_name(errors, "name", main)
    if district.level > Place.Level.COUNTY:
        add_error(errors, "district", _("A community lies in a district or county."), "level")
    raise_if(errors)
    require_staff(actor, district.code)
    with transaction.atomic():
        community = community_find(name=main, district=district)
        if community is None and alias:
            community = community_find(name=alias, district=district)
        created = community is None
        if community is None:
            community = Community(
                name=main, key=community_key(main), place=district, address=clean_text(address)
            )
            community.full_clean()
            community.save()
        elif community.place_id == ZHUZHOU and district.code != ZHUZHOU:
            _move(community, district)
        # Whichever of the two names the community is not called becomes its alias.
        for other in (main, alias):
            if other and community_key(other) != community.key:
                _alias_add_if_free(community, other)
    return community, created


def _move(community: Community, district: Place) -> None:
    community.place = district
    community.save(update_fields=["place"])
    Listing.objects.filter(community=community).update(place=district)
    ListingTerm.objects.filter(listing__community=community).update(place_code=district.code)


def _alias_add_if_free(community: Community, alias: str) -> None:
    key = community_key(alias)
    taken = CommunityAlias.objects.filter(key=key).exists() or (
        Community.objects.filter(key=key).exclude(pk=community.pk).exists()
    )
    if taken or len(alias) > NAME_MAX_LENGTH:
        return  # an import never fails over a second name; staff can add it by hand
    try:
        with transaction.atomic():
            CommunityAlias.objects.create(community=community, alias=alias, key=key)
    except IntegrityError:
        return  # added at this moment by someone else
    community_index_new_name(community, alias)


def community_alias_add(*, community: Community, alias: str, actor: Any = None) -> CommunityAlias:
    """Another name for the community; refused if it names another community."""
    errors: Errors = {}
    text = _clean_name(errors, "alias", alias)
    raise_if(errors)
    require_staff(actor, community.place_id)
    key = community_key(text)
    clash = CommunityAlias.objects.filter(key=key).exclude(community=community).exists() or (
        Community.objects.filter(key=key).exclude(pk=community.pk).exists()
    )
    if clash:
        raise ValidationError({"alias": [_("Another community already has this name or alias.")]})
    with transaction.atomic():
        existing = CommunityAlias.objects.filter(community=community, key=key).first()
        if existing is not None:
            return existing
        if key == community.key:
            raise ValidationError({"alias": [_("This is the community's own name.")]})
        created = CommunityAlias.objects.create(community=community, alias=text, key=key)
        # The listings are found by the new name from now on.
        community_index_new_name(community, text)
        audit_record(
            action=Action.CREATE, actor=actor, obj=created, detail={"community": community.pk}
        )
    return created


def community_alias_remove(*, alias: CommunityAlias, actor: Any = None) -> None:
    """The community is no longer called this; its listings stop matching the name
    (unless their own text has it)."""
    community = alias.community
    require_staff(actor, community.place_id)
    with transaction.atomic():
        alias_id = alias.pk
        CommunityAlias.objects.filter(pk=alias_id).delete()
        community_reindex_listings(community)
        audit_record(
            action=Action.DELETE,
            actor=actor,
            object_type="housing.communityalias",
            object_id=alias_id,
            place_code=community.place_id,
            detail={"community": community.pk},
        )


def community_save(
    *,
    community: Community | None = None,
    name: str,
    place: Place,
    address: str = "",
    actor: Any = None,
) -> Community:
    """Create (community None) or change a community by hand, as the admin does.

    Moving it to another place moves its listings with it.
    """
    errors: Errors = {}
    text = _clean_name(errors, "name", name)
    raise_if(errors)
    require_staff(actor, place.code)
    if community is not None:
        require_staff(actor, community.place_id)
    target = community or Community()
    target.name, target.key, target.place = text, community_key(text), place
    target.address = clean_text(address)
    clash = CommunityAlias.objects.filter(key=target.key)
    if community is not None:
        clash = clash.filter(~Q(community=community))
    if clash.exists():
        raise ValidationError({"name": [_("Another community already has this name or alias.")]})
    target.full_clean()
    renamed = community is not None and (
        Community.objects.filter(pk=community.pk).values_list("name", flat=True).first() != text
    )
    with transaction.atomic():
        target.save()
        if community is not None:
            Listing.objects.filter(community=target).exclude(place=place).update(place=place)
            ListingTerm.objects.filter(listing__community=target).update(place_code=place.code)
        if renamed:
            community_reindex_listings(target)
    return target
