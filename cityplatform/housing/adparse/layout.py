"""Room layout (室/厅/卫) and building type of an ad."""

import re
from dataclasses import dataclass

from .text import CN_NUM, Work, cn_number

_NUMERAL = "零〇一二两三四五六七八九十0-9"
# 3室2厅1卫, 2房1厅, 三房两厅, 两居室, 四室两厅两卫, 3室2厅1厨1卫; 房 is no room count
# in 房东, 房子, 房源, 房产, 房价, 房型, 房屋, 房间.
LAYOUT = re.compile(
    rf"(?<![{_NUMERAL}])(?P<bed>{CN_NUM})\s*(?:室|房(?![东子源产价型屋间])|居室?)"
    rf"(?:\s*(?P<living>{CN_NUM})\s*厅)?"
    rf"(?:\s*(?:{CN_NUM})\s*厨)?"
    rf"(?:\s*(?P<bath>{CN_NUM})\s*卫)?"
    rf"(?:\s*(?:{CN_NUM})\s*厨)?"
)
MAX_ROOMS = 20


@dataclass(frozen=True)
class Layout:
    bedrooms: int
    living_rooms: int | None
    bathrooms: int | None


def _layout(match: re.Match[str]) -> Layout | None:
    bedrooms = cn_number(match["bed"])
    living = cn_number(match["living"]) if match["living"] else None
    bath = cn_number(match["bath"]) if match["bath"] else None
    if bedrooms is None or (match["living"] and living is None) or (match["bath"] and bath is None):
        return None
    return Layout(bedrooms, living, bath)


def read_layout(work: Work) -> tuple[Layout | None, bool]:
    """Take the layout: (layout, too_many_rooms). A layout naming its 厅 wins over a bare
    "N室" or "N房" earlier in the ad."""
    found = [(m, layout) for m in LAYOUT.finditer(work.text) if (layout := _layout(m))]
    if not found:
        return None, False
    match, layout = next(((m, lay) for m, lay in found if lay.living_rooms is not None), found[0])
    work.take(match.start(), match.end())
    if layout.bedrooms + (layout.living_rooms or 0) > MAX_ROOMS:
        return None, True
    return layout, False


# Building types, most specific first; the spellings an ad uses map onto them.
BUILDING_TYPES = ("独栋别墅", "叠墅", "别墅", "洋房", "公寓", "复式", "住宅")
_SPELLINGS = {
    "独栋别墅": "独栋别墅",
    "叠拼别墅": "叠墅",
    "叠墅": "叠墅",
    "别墅": "别墅",
    "洋房": "洋房",
    "公寓": "公寓",
    "复式楼": "复式",
    "复式房": "复式",
    "复式": "复式",
    "跃层": "复式",
    "住宅": "住宅",
}
# "别墅区旁", "近洋房" name a neighbourhood, not the home.
_TYPE = re.compile(
    r"(?<![近邻靠])(?P<word>"
    + "|".join(sorted(_SPELLINGS, key=len, reverse=True))
    + r")(?![区群旁])"
)


def read_building_type(work: Work) -> str | None:
    """Take the building type. With two type words the one earlier in BUILDING_TYPES
    wins and the other stays in the description: "复式公寓" is a 公寓 (the kind of title,
    which buyers filter on) with the feature 复式."""
    found = [(BUILDING_TYPES.index(_SPELLINGS[m["word"]]), m) for m in _TYPE.finditer(work.text)]
    if not found:
        return None
    _, match = min(found, key=lambda item: (item[0], item[1].start()))
    work.take(match.start(), match.end())
    return _SPELLINGS[match["word"]]
