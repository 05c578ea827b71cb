"""`import_ads`: draft listings from ad text; the same text twice creates nothing new;
every ad is counted once, and each one not imported is listed with its reason."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cityplatform.housing.adparse import parse_ad
from cityplatform.housing.models import (
    BuildingType,
    Community,
    Decoration,
    Listing,
    ListingEvent,
    ListingStatus,
)
from cityplatform.housing.services import listing_import_from_ad
from conftest import LILING, TIANYUAN, ZHUZHOU

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parent / "data" / "seed_ads.txt"


def _run(*args: str, stdin: str | None = None, monkeypatch=None) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    call_command("import_ads", *args, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int]:
    return Listing.objects.count(), Community.objects.count(), ListingEvent.objects.count()


def test_the_seed_imports_and_reimports_as_nothing_new(places) -> None:  # type: ignore[no-untyped-def]
    first = _run(str(SEED))
    assert "Ads read: 42" in first
    assert "Created: 41" in first
    assert "Already present: 0" in first
    assert "Not imported: 1" in first
    assert "#8 青龙湾 独栋别墅, 法式风情 庭院阁楼, 稀缺房型: The ad gives no floor area." in first
    after_first = _counts()
    assert after_first[0] == 41
    assert set(Listing.objects.values_list("status", flat=True)) == {ListingStatus.DRAFT}

    second = _run(str(SEED))
    assert "Created: 0" in second
    assert "Already present: 41" in second
    assert "Not imported: 1" in second
    assert _counts() == after_first


def test_seed_ads_become_the_right_listings(places) -> None:  # type: ignore[no-untyped-def]
    _run(str(SEED))
    jintao = Listing.objects.get(community__name="金涛小区")
    assert jintao.place_id == TIANYUAN
    assert (jintao.bedrooms, jintao.living_rooms, jintao.bathrooms) == (4, 2, 2)
    assert jintao.price_yuan == 990_000
    assert jintao.unit_price_yuan == 6111
    assert jintao.furnished is True  # 带车位家具家电齐全
    assert "家具家电齐全" in "".join(jintao.features)
    wangcheng = Listing.objects.get(community__name="旺城天悦")
    assert wangcheng.building_type == BuildingType.APARTMENT
    assert (wangcheng.area_m2, wangcheng.actual_area_m2) == (Decimal("55.00"), Decimal("110.00"))
    assert wangcheng.bedrooms is None
    assert Listing.objects.get(area_m2=Decimal("135.44")).decoration == Decoration.LUXURY
    assert Listing.objects.get(area_m2=Decimal("37.80")).decoration == Decoration.FINE
    jiacheng = Listing.objects.get(community__name="佳诚数码广场")
    assert jiacheng.price_yuan is None  # no price in the ad: 面议
    caoping = Community.objects.get(name="老一医院宿舍")
    assert [a.alias for a in caoping.aliases.all()] == ["操坪小区"]
    assert caoping.place_id == ZHUZHOU  # the ad names no district
    assert Community.objects.filter(name="康馨佳园").count() == 1
    assert Listing.objects.filter(community__name="康馨佳园").count() == 2
    assert Listing.objects.get(community__name="和厚园小区").place_id == "430203000000"


def test_the_same_ad_twice_in_one_text_is_one_listing(places, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ad = "美的城 三室两厅, 82m <sup>2</sup> 带全套家具家电, 62万"
    path = tmp_path / "ads.txt"
    # The second copy differs only in spacing and full-width characters.
    path.write_text(f"{ad}\t{ad.replace(', ', '，  ')}\n", encoding="utf-8")
    out = _run(str(path))
    assert "Created: 1" in out
    assert "Already present: 1" in out


def test_stdin_and_default_district(places, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "恒大名都 三室两厅, 121m² 精装家具家电齐全, 95万\n攸县 阳光小区 2室1厅 80平米 面议\n"
    out = _run("-", "--default-district", LILING, stdin=text, monkeypatch=monkeypatch)
    assert "Created: 2" in out
    assert Listing.objects.get(community__name="恒大名都").place_id == LILING
    youxian = Listing.objects.get(community__name="阳光小区")
    assert youxian.place.name == "攸县"
    assert youxian.price_yuan is None


@pytest.mark.parametrize(
    ("ad", "reason"),
    [
        ("三室两厅, 120m², 80万", "The ad names no community."),
        ("青龙湾 独栋别墅, 法式风情", "The ad gives no floor area."),
        ("某小区 三室两厅, 0m², 80万", "impossible"),
        ("某小区 三室两厅, 120m², 500000万", None),
    ],
)
def test_unimportable_ads_say_why(places, ad, reason) -> None:  # type: ignore[no-untyped-def]
    listing, created, problems = listing_import_from_ad(parsed=parse_ad(ad))
    if reason is None:  # the parser takes 50亿 for a price; ours stop at 10亿
        assert listing is None
        assert any("1,000,000,000 yuan" in p for p in problems)
        return
    assert (listing, created) == (None, False)
    assert any(reason in p for p in problems), problems
    assert not Listing.objects.exists()
    assert not Community.objects.exists()


def test_imported_ads_carry_the_parsers_notes(places) -> None:  # type: ignore[no-untyped-def]
    listing, created, problems = listing_import_from_ad(
        parsed=parse_ad("恒大名都 精装公寓, 37.8m <sup>2</sup> 成熟小区配套齐全, 30万")
    )
    assert created
    assert listing is not None
    assert problems == ["The ad gives no room layout."]
    # The same ad typed again, with other spaces and widths.
    again = listing_import_from_ad(
        parsed=parse_ad("恒大名都精装公寓，37.8㎡ 成熟小区配套齐全，30万")
    )
    assert again == (listing, False, [])


def test_unreadable_input_fails(places, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="Cannot read"):
        _run(str(tmp_path / "missing.txt"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("恒大名都".encode("gb18030"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _run(str(latin))
    with pytest.raises(CommandError, match="not a place"):
        _run(str(SEED), "--default-district", "110000000000")
    assert not Listing.objects.exists()
