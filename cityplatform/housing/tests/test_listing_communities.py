"""Communities are found by name or alias; 老一医院宿舍 is also 操坪小区."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cityplatform.housing import services
from cityplatform.housing.models import Community, CommunityAlias
from cityplatform.places.models import Place
from conftest import LILING, TIANYUAN, ZHUZHOU

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(places):  # type: ignore[no-untyped-def]
    return lambda code: Place.objects.get(code=code)


def test_a_bracketed_name_is_an_alias(district) -> None:  # type: ignore[no-untyped-def]
    community, created = services.community_get_or_create(
        name="老一医院宿舍(操坪小区)", district=district(ZHUZHOU)
    )
    assert created
    assert community.name == "老一医院宿舍"
    assert [a.alias for a in community.aliases.all()] == ["操坪小区"]
    for name in ("操坪小区", "老一医院宿舍", "老一医院宿舍（操坪小区）", " 操坪小区 "):
        found, created = services.community_get_or_create(name=name, district=district(ZHUZHOU))
        assert (found, created) == (community, False)
    assert Community.objects.count() == 1


def test_an_alias_first_seen_alone_joins_later(district) -> None:  # type: ignore[no-untyped-def]
    by_alias, _ = services.community_get_or_create(name="操坪小区", district=district(ZHUZHOU))
    both, created = services.community_get_or_create(
        name="老一医院宿舍(操坪小区)", district=district(ZHUZHOU)
    )
    assert (both, created) == (by_alias, False)
    assert [a.alias for a in both.aliases.all()] == ["老一医院宿舍"]


def test_names_compare_across_widths_and_spaces(district) -> None:  # type: ignore[no-untyped-def]
    community, _ = services.community_get_or_create(name="601生活区", district=district(TIANYUAN))
    found, created = services.community_get_or_create(
        name="６０１生活区", district=district(TIANYUAN)
    )
    assert (found, created) == (community, False)


def test_same_name_in_two_districts_are_two_communities(district) -> None:  # type: ignore[no-untyped-def]
    tianyuan, _ = services.community_get_or_create(name="建设一村", district=district(TIANYUAN))
    liling, created = services.community_get_or_create(name="建设一村", district=district(LILING))
    assert created
    assert tianyuan != liling
    # District unknown: two candidates, none at city level → a new, city-level one.
    unknown, created = services.community_get_or_create(name="建设一村", district=district(ZHUZHOU))
    assert created
    assert unknown.place_id == ZHUZHOU


def test_a_name_known_in_one_district_is_found_without_one(district) -> None:  # type: ignore[no-untyped-def]
    tianyuan, _ = services.community_get_or_create(name="湘银星城", district=district(TIANYUAN))
    found, created = services.community_get_or_create(name="湘银星城", district=district(ZHUZHOU))
    assert (found, created) == (tianyuan, False)


def test_a_city_level_community_moves_to_its_district_with_its_listings(  # type: ignore[no-untyped-def]
    district, make_listing
) -> None:
    city, _ = services.community_get_or_create(name="泰山公馆", district=district(ZHUZHOU))
    listing = make_listing(community=city)
    assert listing.place_id == ZHUZHOU
    moved, created = services.community_get_or_create(name="泰山公馆", district=district(TIANYUAN))
    assert (moved, created) == (city, False)
    listing.refresh_from_db()
    assert moved.place_id == listing.place_id == TIANYUAN


def test_alias_add_refuses_another_communitys_name(district, people) -> None:  # type: ignore[no-untyped-def]
    one, _ = services.community_get_or_create(name="金水湾", district=district(TIANYUAN))
    services.community_get_or_create(name="湘水湾", district=district(TIANYUAN))
    with pytest.raises(ValidationError):
        services.community_alias_add(community=one, alias="湘水湾", actor=people.staff)
    with pytest.raises(ValidationError):
        services.community_alias_add(community=one, alias="金水湾", actor=people.staff)
    with pytest.raises(PermissionDenied):
        services.community_alias_add(community=one, alias="金水湾小区", actor=people.liling_staff)
    alias = services.community_alias_add(community=one, alias="金水湾小区", actor=people.staff)
    assert services.community_alias_add(community=one, alias="金水湾小区 ", actor=None) == alias
    assert CommunityAlias.objects.count() == 1


def test_community_save_validates(district, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.community_save(name=" ", place=district(TIANYUAN))
    community = services.community_save(
        name="钻石花园", place=district(TIANYUAN), actor=people.staff
    )
    with pytest.raises(ValidationError):
        services.community_save(name="钻石花园", place=district(TIANYUAN))
    with pytest.raises(PermissionDenied):
        services.community_save(
            community=community, name="钻石花园", place=district(LILING), actor=people.staff
        )


def test_a_community_lies_in_a_district_or_county(district) -> None:  # type: ignore[no-untyped-def]
    # Search and matching look a district's homes up among the places down to county
    # level: a community in a town would be missing from both.
    town = Place.objects.filter(code__startswith=LILING[:6], level=Place.Level.TOWN).first()
    assert town is not None
    with pytest.raises(ValidationError) as refused:
        services.community_get_or_create(name="石亭小区", district=town)
    assert refused.value.message_dict == {"district": ["A community lies in a district or county."]}
    with pytest.raises(ValidationError) as refused:
        services.community_save(name="石亭小区", place=town)
    assert set(refused.value.message_dict) == {"place"}
    assert not Community.objects.exists()
