"""Every ad format issue 3 names parses, and the traps are not taken for the home."""

from decimal import Decimal

import pytest

from cityplatform.housing.adparse import ParsedAd, parse_ad, parse_text, split_ads


def layout(ad: ParsedAd) -> tuple[int | None, int | None, int | None]:
    return ad.bedrooms, ad.living_rooms, ad.bathrooms


# ---- layouts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3室2厅1卫", (3, 2, 1)),
        ("2房1厅", (2, 1, None)),
        ("三房两厅", (3, 2, None)),
        ("三室两厅", (3, 2, None)),
        ("二室一厅", (2, 1, None)),
        ("两室两厅一卫", (2, 2, 1)),
        ("四室两厅两卫", (4, 2, 2)),
        ("十室两厅", (10, 2, None)),
        ("六室三厅三卫", (6, 3, 3)),
        ("3室2厅1厨2卫", (3, 2, 2)),
        ("3 室 2 厅", (3, 2, None)),
        ("两居室", (2, None, None)),
        ("3室", (3, None, None)),
        ("１室１厅", (1, 1, None)),
    ],
)
def test_layouts_in_digits_and_chinese_numerals(text: str, expected: tuple[int, ...]) -> None:
    ad = parse_ad(f"金涛小区 {text}, 120m2, 80万")
    assert layout(ad) == expected
    assert ad.community == "金涛小区"
    assert ad.building_type == "住宅"
    assert ad.errors == ()


def test_duplex_layout_with_type_word() -> None:
    ad = parse_ad("湘银小区二期 五室两厅复式房, 187m <sup>2</sup> 带全套八成新家电, 118万")
    assert layout(ad) == (5, 2, None)
    assert ad.building_type == "复式"


def test_a_layout_naming_its_hall_wins_over_a_bare_room_count() -> None:
    ad = parse_ad("金涛小区 120㎡, 两房东急售, 3室2厅, 80万")
    assert layout(ad) == (3, 2, None)


def test_too_many_rooms_is_an_error() -> None:
    ad = parse_ad("金涛小区 19室3厅, 120㎡, 80万")
    assert layout(ad) == (None, None, None)
    assert ad.error_codes == ("bad_layout",)


# ---- areas -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    [
        "m²",
        "m2",
        "M2",
        "㎡",
        "平米",
        "平方米",
        "平方",
        "平",
        "m <sup>2</sup>",
        "m<sup>2</sup>",
        "ｍ２",
    ],
)
def test_area_units(unit: str) -> None:
    ad = parse_ad(f"金涛小区 三室两厅, 120.5{unit} 成熟小区, 80万")
    assert ad.area_m2 == Decimal("120.50")
    assert ad.features == ("成熟小区",)


def test_area_json_keeps_up_to_two_decimals() -> None:
    assert parse_ad("美的城 三室两厅, 100.37m2, 70万").to_json_dict()["area_m2"] == 100.37
    assert parse_ad("恒大名都 公寓, 37.8m2, 30万").to_json_dict()["area_m2"] == 37.8
    assert parse_ad("金涛小区 三室两厅, 120.456㎡, 80万").area_m2 == Decimal("120.46")
    assert parse_ad("金涛小区 三室两厅, 120㎡, 80万").to_json_dict()["area_m2"] == 120


@pytest.mark.parametrize(
    ("text", "area", "actual"),
    [
        ("国税新村 三室两厅, 116m² 实际面积128m², 75万", "116", "128"),
        ("旺城天悦 复式公寓, 55m² 实际面积110m², 71.8万", "55", "110"),
        ("玫瑰名城 复式楼, 135.44m² 豪装实际面积260m², 109万", "135.44", "260"),
        ("金涛小区 三室两厅, 建筑面积:120㎡ 使用面积100㎡, 80万", "120", "100"),
        ("金涛小区 三室两厅, 120㎡ 实用90平, 80万", "120", "90"),
        ("金涛小区 三室两厅, 120㎡(实际面积约130㎡), 80万", "120", "130"),
        ("金涛小区 三室两厅, 实际面积130㎡, 建筑面积120㎡, 80万", "120", "130"),
    ],
)
def test_actual_area_is_kept_apart(text: str, area: str, actual: str) -> None:
    ad = parse_ad(text)
    assert (ad.area_m2, ad.actual_area_m2) == (Decimal(area), Decimal(actual))


def test_duplex_apartment_is_an_apartment_with_feature_duplex() -> None:
    ad = parse_ad("旺城天悦 复式公寓, 55m² 实际面积110m², 71.8万")
    assert ad.building_type == "公寓"
    assert ad.features == ("复式",)
    assert ad.price_yuan == 718000
    assert ad.unit_price_yuan == 13055


@pytest.mark.parametrize(
    "text",
    [
        "天鹅花园 三室两厅, 130.89m <sup>2</sup> 一楼带30m <sup>2</sup> 杂物间, 82万",
        "天鹅花园 三室两厅, 130.89㎡带20㎡露台, 82万",
        "天鹅花园 三室两厅, 20㎡露台, 建筑面积130.89㎡, 82万",
        "天鹅花园 三室两厅, 花园50平, 130.89平, 82万",
        "天鹅花园 三室两厅, 赠送20平, 130.89平, 82万",
    ],
)
def test_other_spaces_are_not_the_home_area(text: str) -> None:
    ad = parse_ad(text)
    assert ad.area_m2 == Decimal("130.89")
    assert ad.actual_area_m2 is None
    assert ad.price_yuan == 820000


def test_storeroom_stays_a_feature() -> None:
    ad = parse_ad("天鹅花园 三室两厅, 130.89m <sup>2</sup> 一楼带30m <sup>2</sup> 杂物间, 82万")
    assert ad.features == ("一楼", "带30㎡杂物间")


@pytest.mark.parametrize(("area", "code"), [("0", "bad_area"), ("12000", "bad_area")])
def test_impossible_areas_are_refused(area: str, code: str) -> None:
    ad = parse_ad(f"金涛小区 三室两厅, {area}㎡, 80万")
    assert ad.area_m2 is None
    assert ad.unit_price_yuan is None
    assert code in ad.error_codes


# ---- prices ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "yuan"),
    [
        ("30万", 300000),
        ("71.8万", 718000),
        ("42.85万", 428500),
        ("80万元", 800000),
        ("80 万", 800000),
        ("总价:80万元", 800000),
        ("售价80万", 800000),
        ("总价650000元", 650000),
        ("８０．５万", 805000),
    ],
)
def test_totals(price: str, yuan: int) -> None:
    ad = parse_ad(f"金涛小区 三室两厅, 100㎡, {price}")
    assert ad.price_yuan == yuan
    assert ad.unit_price_yuan == round(yuan / 100)
    assert ad.errors == ()


@pytest.mark.parametrize(
    "unit_price",
    [
        "单价6800元/㎡",
        "6800元/平米",
        "6800元/平",
        "6800元/m2",
        "单价0.68万/平方米",
        "每平6800元",
        "6800元每平米",
        "单价6800元",
    ],
)
def test_unit_price_times_area_gives_the_total(unit_price: str) -> None:
    ad = parse_ad(f"金涛小区 三室两厅, 120.5平米, {unit_price}")
    assert ad.unit_price_yuan == 6800
    assert ad.price_yuan == 819400  # 6800 × 120.5
    assert ad.area_m2 == Decimal("120.5")
    assert ad.errors == ()


def test_stated_unit_price_is_kept_beside_the_total() -> None:
    ad = parse_ad("金涛小区 三室两厅, 120㎡, 总价81.6万, 单价6800元/㎡")
    assert (ad.price_yuan, ad.unit_price_yuan, ad.errors) == (816000, 6800, ())


def test_contradicting_unit_price_is_reported() -> None:
    ad = parse_ad("金涛小区 三室两厅, 120㎡, 总价90万, 单价6800元/㎡")
    assert (ad.price_yuan, ad.unit_price_yuan) == (900000, 6800)
    assert ad.error_codes == ("price_mismatch",)


def test_unit_price_without_area_gives_no_total() -> None:
    ad = parse_ad("金涛小区 三室两厅, 单价6800元/㎡")
    assert (ad.price_yuan, ad.unit_price_yuan) == (None, 6800)
    assert ad.error_codes == ("no_area", "no_price")


@pytest.mark.parametrize(
    "text", ["金涛小区 三室两厅, 120㎡, 面议", "金涛小区 三室两厅, 120㎡, 价格面议"]
)
def test_negotiable_price(text: str) -> None:
    ad = parse_ad(text)
    assert (ad.price_yuan, ad.unit_price_yuan) == (None, None)
    assert ad.error_codes == ("price_negotiable",)
    assert ad.features == ()


def test_no_price() -> None:
    ad = parse_ad("佳诚数码广场 四室两厅, 162m <sup>2</sup>")
    assert ad.price_yuan is None
    assert ad.error_codes == ("no_price",)


@pytest.mark.parametrize(
    "text",
    [
        "金涛小区 三室两厅, 120㎡, 首付12万, 80万",
        "金涛小区 三室两厅, 120㎡, 80万, 首付24万, 月供3000",
        "金涛小区 三室两厅, 120㎡, 月供0.3万, 80万",
        "金涛小区 三室两厅, 120㎡, 车位10万, 80万",
        "金涛小区 三室两厅, 120㎡, 80万, 车位另售10万",
        "金涛小区 三室两厅, 120㎡, 装修花了20万, 售价80万",
        "金涛小区 三室两厅, 120㎡, 原价90万现价80万",
        "金涛小区 三室两厅, 120㎡, 急售80万可降2万",
        "金涛小区 三室两厅, 120㎡, 首付只要12万, 总价80万",
        "金涛小区 三室两厅, 120㎡, 80万, 物业费1.5元/㎡",
    ],
)
def test_other_sums_are_not_the_price(text: str) -> None:
    ad = parse_ad(text)
    assert ad.price_yuan == 800000
    assert ad.area_m2 == Decimal(120)
    assert ad.unit_price_yuan == 6667


def test_down_payment_alone_is_no_price() -> None:
    ad = parse_ad("金涛小区 三室两厅, 120㎡, 首付12万")
    assert ad.price_yuan is None
    assert ad.error_codes == ("no_price",)
    assert ad.features == ("首付12万",)


def test_price_out_of_range() -> None:
    assert parse_ad("金涛小区 三室两厅, 120㎡, 0万").error_codes == ("bad_price",)


# ---- places ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "community", "district"),
    [
        ("天元区金涛小区 四室两厅两卫, 162m2, 99万", "金涛小区", "天元区"),
        ("芦淞区和厚园小区 三室两厅, 128.14m2, 71.8万", "和厚园小区", "芦淞区"),
        ("株洲市天元区金涛小区 三室两厅, 120m2, 80万", "金涛小区", "天元区"),
        ("株洲市 荷塘区 金涛小区 三室两厅, 120m2, 80万", "金涛小区", "荷塘区"),
        ("石峰区 清水塘小区 三室两厅, 120m2, 60万", "清水塘小区", "石峰区"),
        ("渌口区渌湘小区 三室两厅, 120m2, 50万", "渌湘小区", "渌口区"),
        ("醴陵市瓷城小区 三室两厅, 120m2, 50万", "瓷城小区", "醴陵市"),
        ("攸县 某某小区 三室两厅, 120m2, 50万", "某某小区", "攸县"),
        ("茶陵县云阳小区 三室两厅, 120m2, 40万", "云阳小区", "茶陵县"),
        ("炎陵县 鹿原小区 三室两厅, 120m2, 40万", "鹿原小区", "炎陵县"),
        ("金涛小区(天元区) 三室两厅, 120m2, 80万", "金涛小区", "天元区"),
        ("金涛小区 天元区 三室两厅, 120m2, 80万", "金涛小区", "天元区"),
        ("株洲县 渌湘小区 三室两厅, 120m2, 50万", "渌湘小区", "渌口区"),
        ("株洲市政宿舍 三室两厅, 120m2, 50万", "株洲市政宿舍", None),
        ("人民南路办事处 两室两厅, 72m2, 35万", "人民南路办事处", None),
        ("601生活区 两室一厅, 60m2, 39.9万", "601生活区", None),
        ("四二零朝阳小区 两室两厅, 85m2, 46万", "四二零朝阳小区", None),
        ("金涛小区三室两厅120平80万", "金涛小区", None),
        ("【急售】金涛小区 三室两厅, 120m2, 80万", "金涛小区", None),
    ],
)
def test_community_and_district(text: str, community: str, district: str | None) -> None:
    ad = parse_ad(text)
    assert (ad.community, ad.district) == (community, district)
    assert ad.bedrooms is not None
    assert ad.price_yuan is not None


@pytest.mark.parametrize(
    "text",
    [
        "老一医院宿舍(操坪小区) 两室一厅, 58m2, 36万",
        "老一医院宿舍（操坪小区） 两室一厅, 58m2, 36万",
        "老一医院宿舍 (操坪小区) 两室一厅, 58m2, 36万",
    ],
)
def test_bracketed_alias_stays_in_the_community_with_half_width_brackets(text: str) -> None:
    assert parse_ad(text).community == "老一医院宿舍(操坪小区)"


def test_ad_without_community() -> None:
    ad = parse_ad("三室两厅 120平 80万")
    assert ad.community is None
    assert ad.error_codes == ("no_community",)
    assert (ad.bedrooms, ad.area_m2, ad.price_yuan) == (3, Decimal(120), 800000)


# ---- full-width text -------------------------------------------------------------


def test_full_width_digits_punctuation_and_brackets() -> None:
    ad = parse_ad("金涛小区（天元区）　３室２厅１卫，１２０．５㎡，精装，８０．５万")
    assert (ad.community, ad.district) == ("金涛小区", "天元区")
    assert layout(ad) == (3, 2, 1)
    assert (ad.area_m2, ad.price_yuan) == (Decimal("120.5"), 805000)
    assert ad.features == ("精装",)
    assert ad.raw.startswith("金涛小区（天元区）")  # raw is the ad as written


# ---- building types --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("精装公寓", "公寓"),
        ("复式", "复式"),
        ("复式楼", "复式"),
        ("别墅", "别墅"),
        ("独栋别墅", "独栋别墅"),
        ("叠墅", "叠墅"),
        ("叠拼别墅", "叠墅"),
        ("花园洋房", "洋房"),
        ("住宅", "住宅"),
    ],
)
def test_building_types(word: str, kind: str) -> None:
    assert parse_ad(f"青龙湾 {word}, 300㎡, 500万").building_type == kind


def test_no_type_and_no_layout_is_unknown() -> None:
    ad = parse_ad("青龙湾 300㎡, 500万")
    assert ad.building_type is None
    assert ad.error_codes == ("no_layout",)


def test_neighbourhood_is_no_building_type() -> None:
    assert parse_ad("金涛小区 三室两厅, 120㎡, 近别墅区, 80万").building_type == "住宅"


# ---- features --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "features"),
    [
        ("成熟小区配套齐全", ("成熟小区", "配套齐全")),
        ("精装家具家电齐全", ("精装", "家具家电齐全")),
        ("全新装修带家具电器", ("全新装修", "带家具电器")),
        ("结谷门对面成熟商圈", ("结谷门对面", "成熟商圈")),
        ("位置好, 购物方便", ("位置好", "购物方便")),
        ("工大商圈好地段", ("工大商圈", "好地段")),
        ("中心医院家属房", ("中心医院家属房",)),
        ("法式风情 庭院阁楼", ("法式风情", "庭院", "阁楼")),
        ("带中央空调位置好", ("带中央空调", "位置好")),
        ("二中学区房，满五唯一", ("二中学区房", "满五唯一")),
        ("精装, 精装", ("精装",)),
    ],
)
def test_features(description: str, features: tuple[str, ...]) -> None:
    assert parse_ad(f"金涛小区 三室两厅, 120㎡ {description}, 80万").features == features


# ---- splitting -------------------------------------------------------------------


def test_split_ads_on_tabs_and_full_width_spaces() -> None:
    assert split_ads("甲 1室, 50㎡, 30万\t乙 2室, 60㎡, 40万\t\t") == [
        "甲 1室, 50㎡, 30万",
        "乙 2室, 60㎡, 40万",
    ]
    assert split_ads("甲 1室, 30万\u3000\u3000乙 2室, 40万") == ["甲 1室, 30万", "乙 2室, 40万"]
    assert split_ads("金涛小区\u3000三室两厅") == ["金涛小区\u3000三室两厅"]  # one is a space
    assert split_ads("  \t ") == []


def test_parse_text_reads_every_line() -> None:
    ads = parse_text("甲 1室1厅, 50㎡, 30万\t乙 2室1厅, 60㎡, 40万\n\n丙 3室2厅, 90㎡, 60万\r\n")
    assert [ad.community for ad in ads] == ["甲", "乙", "丙"]


def test_empty_ad() -> None:
    ad = parse_ad("  ")
    assert ad.error_codes == ("empty",)
    assert ad.to_json_dict()["features"] == []
