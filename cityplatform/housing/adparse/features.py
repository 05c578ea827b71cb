"""Feature phrases: what is left of an ad once community, layout, type, areas and
prices are taken, cut into short phrases.

The rest of the ad is split on punctuation and spaces; each fragment is then cut after
every phrase of a known vocabulary, and the words before a known phrase stay with it:
"成熟小区配套齐全" → 成熟小区, 配套齐全; "结谷门对面成熟商圈" → 结谷门对面, 成熟商圈;
"带全套家具家电" stays whole. A fragment without a known phrase is kept as written.
Deterministic and dictionary-free beyond the list below; search segments the raw text
itself, so the phrases only need to be good tags.
"""

import re

from .text import GAP, Work

VOCABULARY = (
    # decoration (装修)
    "全新装修",
    "豪华装修",
    "精装修",
    "精装",
    "豪装",
    "简装",
    "毛坯",
    "清水房",
    # furnishing
    "家具家电齐全",
    "家具家电",
    "家具电器",
    "家电齐全",
    "家具齐全",
    "家电",
    "拎包入住",
    # fittings and extra spaces
    "中央空调",
    "地暖",
    "电梯",
    "车位",
    "车库",
    "大阳台",
    "阳台",
    "露台",
    "花园",
    "庭院",
    "阁楼",
    "杂物间",
    "储藏室",
    "地下室",
    # location and neighbourhood; 附近/对面/旁 keep the landmark before them
    "成熟小区",
    "配套齐全",
    "交通方便",
    "交通便利",
    "购物方便",
    "生活便利",
    "位置好",
    "好地段",
    "黄金地段",
    "市中心",
    "成熟商圈",
    "商圈",
    "学区房",
    "学区",
    "附近",
    "对面",
    "旁边",
    "旁",
    "周边",
    # floor
    "低楼层",
    "中间楼层",
    "中楼层",
    "高楼层",
    "好楼层",
    "一楼",
    "顶楼",
    # price and deal
    "单价便宜",
    "单价低",
    "低单价",
    "高性价比",
    "性价比高",
    "性价比",
    "急售",
    "满五唯一",
    "满两年",
    # other
    "南北通透",
    "家属房",
    "稀缺房型",
    "复式",
)

_KNOWN = re.compile("|".join(sorted(VOCABULARY, key=len, reverse=True)))
_SPLIT = re.compile(r"[\s,;。!?、:|()\[\]{}【】<>《》\"'“”‘’*#~+=" + GAP + r"]+")
_NOISE = frozenset(["左右", "以上", "实际面积", "面积", "总价", "单价", "售价"])
_MEANINGFUL = re.compile(r"[^\W\d_]")


def _phrases(fragment: str) -> list[str]:
    phrases: list[str] = []
    start = 0  # where the current phrase began: unknown words join the next known one
    pos = 0
    while pos < len(fragment):
        known = _KNOWN.match(fragment, pos)
        if known:
            phrases.append(fragment[start : known.end()])
            start = pos = known.end()
        else:
            pos += 1
    rest = fragment[start:]
    if rest:
        if phrases and (len(rest) == 1 or rest[0].isdigit()):  # 精装 + 房, 车位 + 10万
            phrases[-1] += rest
        else:
            phrases.append(rest)
    return phrases


def read_features(work: Work) -> tuple[str, ...]:
    """The feature phrases of what the other readers left, in the ad's order, once each."""
    found: list[str] = []
    for fragment in _SPLIT.split(work.text):
        for phrase in _phrases(fragment):
            if (
                len(phrase) >= 2
                and phrase not in _NOISE
                and _MEANINGFUL.search(phrase)
                and phrase not in found
            ):
                found.append(phrase)
    return tuple(found)
