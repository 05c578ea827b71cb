"""Properties: the parser never raises, and ads generated from fields give them back."""

import json
from dataclasses import dataclass, fields
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cityplatform.housing.adparse import ParsedAd, parse_ad, parse_text
from cityplatform.housing.adparse.place import DISTRICTS

KEYS = [
    "raw",
    "community",
    "district",
    "bedrooms",
    "living_rooms",
    "bathrooms",
    "building_type",
    "area_m2",
    "actual_area_m2",
    "price_yuan",
    "unit_price_yuan",
    "features",
    "errors",
]


def check_shape(ad: ParsedAd) -> None:
    data = ad.to_json_dict()
    assert list(data) == KEYS
    json.dumps(data, ensure_ascii=False)
    assert all(isinstance(e, str) and ": " in e for e in data["errors"])


@given(st.text())
def test_parse_ad_never_raises(text: str) -> None:
    check_shape(parse_ad(text))


@given(
    st.text(
        alphabet="0123456789.,，、 \t万元㎡平米方m<sup>2/每室房厅卫两一二三十首付实际面积带杂物间(（)）天元区株洲市面议"
    )
)
def test_parse_text_never_raises_on_ad_like_noise(text: str) -> None:
    for ad in parse_text(text):
        check_shape(ad)


COMMUNITIES = [
    "恒大名都",
    "高科万丰上院湖韵",
    "人民南路办事处",
    "老一医院宿舍(操坪小区)",
    "601生活区",
    "四二零朝阳小区",
    "湘银小区二期",
    "金涛小区",
    "和厚园小区",
    "尚格花好悦园四期",
]
CN = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
UNITS = ["m²", "m2", "㎡", "平米", "平方米", "平", "m <sup>2</sup>", " 平米", "ｍ２"]
FEATURES = ["精装", "成熟小区", "配套齐全", "家电齐全", "交通方便", "低楼层", "市中心", "性价比"]
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@dataclass
class Ad:
    text: str
    community: str
    district: str | None
    bedrooms: int
    living_rooms: int
    bathrooms: int | None
    area: Decimal
    price_yuan: int
    features: list[str]


def numeral(draw: st.DrawFn, n: int) -> str:
    return CN[n] if draw(st.booleans()) else str(n)


def decimal_text(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}"


@st.composite
def ads(draw: st.DrawFn) -> Ad:
    community = draw(st.sampled_from(COMMUNITIES))
    district = draw(st.none() | st.sampled_from(DISTRICTS))
    city = draw(st.sampled_from(["", "株洲市"])) if district else ""
    gap = draw(st.sampled_from(["", " "])) if district else ""
    bedrooms = draw(st.integers(1, 9))
    living = draw(st.integers(1, 3))
    bathrooms = draw(st.none() | st.integers(1, 4))
    bedroom_word = draw(st.sampled_from(["室", "房"]))
    layout = f"{numeral(draw, bedrooms)}{bedroom_word}{numeral(draw, living)}厅"
    if bathrooms is not None:
        layout += f"{numeral(draw, bathrooms)}卫"

    area_places = draw(st.integers(0, 2))
    area = Decimal(draw(st.integers(1000, 50000))) / 100
    area = area.quantize(Decimal(1) / 10**area_places)
    area_text = decimal_text(area, area_places) + draw(st.sampled_from(UNITS))
    noise = draw(
        st.sampled_from(
            ["", " 一楼带30m <sup>2</sup> 杂物间", "带20㎡露台", " 送15平车库", " 赠送面积10平米"]
        )
    )

    price_places = draw(st.integers(0, 2))
    price_wan = (Decimal(draw(st.integers(500, 99999))) / 100).quantize(
        Decimal(1) / 10**price_places
    )
    price_text = decimal_text(price_wan, price_places) + draw(
        st.sampled_from(["万", "万元", " 万"])
    )
    features = draw(st.lists(st.sampled_from(FEATURES), max_size=3, unique=True))
    down_payment = draw(st.none() | st.integers(1, 50))

    sep = draw(st.sampled_from([", ", ",", "，", " "]))
    parts = [f"{city}{district or ''}{gap}{community}", layout]
    parts.append(area_text + noise)
    parts.extend(features)
    tail = [price_text]
    if down_payment is not None:
        tail.insert(draw(st.integers(0, 1)), f"首付{down_payment}万")
    parts.extend(tail)
    text = parts[0] + " " + sep.join(parts[1:])
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return Ad(
        text=text,
        community=community,
        district=district,
        bedrooms=bedrooms,
        living_rooms=living,
        bathrooms=bathrooms,
        area=area,
        price_yuan=int(price_wan * 10000),
        features=features,
    )


@settings(max_examples=300)
@given(ads())
def test_generated_ads_round_trip(ad: Ad) -> None:
    parsed = parse_ad(ad.text)
    assert parsed.community == ad.community, ad.text
    assert parsed.district == ad.district, ad.text
    assert (parsed.bedrooms, parsed.living_rooms, parsed.bathrooms) == (
        ad.bedrooms,
        ad.living_rooms,
        ad.bathrooms,
    ), ad.text
    assert parsed.building_type == "住宅", ad.text
    assert parsed.area_m2 == ad.area, ad.text
    assert parsed.actual_area_m2 is None, ad.text
    assert parsed.price_yuan == ad.price_yuan, ad.text
    assert parsed.errors == (), ad.text
    for feature in ad.features:
        assert feature in parsed.features, ad.text
    check_shape(parsed)


@given(st.lists(ads(), min_size=1, max_size=4))
def test_generated_lines_of_ads_split_on_tabs(generated: list[Ad]) -> None:
    parsed = parse_text("\t".join(ad.text for ad in generated))
    assert [(p.community, p.price_yuan) for p in parsed] == [
        (ad.community, ad.price_yuan) for ad in generated
    ]


def test_parsed_ad_has_exactly_the_contract_fields() -> None:
    assert [f.name for f in fields(ParsedAd)] == KEYS
