"""Areas and prices of an ad, told apart from the other areas and sums it mentions.

What a number is depends on the words just before it in its clause and just after its
unit: "实际面积128㎡" is the actual area, "带30㎡杂物间" and "20㎡露台" are a storeroom and a
terrace, "首付12万", "车位10万" and "月供0.3万" are no price of the home.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .text import AREA_UNIT, NUM, Work, to_decimal

CENT = Decimal("0.01")
_FILLER = " :约为是共计达有"


def _ends_with(prefix: str, words: tuple[str, ...]) -> str | None:
    stripped = prefix.rstrip(_FILLER)
    return next((w for w in words if stripped.endswith(w)), None)


# ---- areas -----------------------------------------------------------------------

AREA = re.compile(NUM + r"\s*" + AREA_UNIT)
_ACTUAL_LABELS = (
    "实际面积",
    "实用面积",
    "使用面积",
    "套内面积",
    "实际",
    "实用",
    "使用",
    "套内",
    "实得",
)
_MAIN_LABELS = ("建筑面积", "产证面积", "证载面积", "房产证", "产证", "建面", "面积")
# Spaces besides the home itself: named after the area ("20㎡露台") or before it
# ("露台20㎡", "带30㎡", "赠送20㎡").
_OTHER_SPACES = (
    "杂物间",
    "储物间",
    "储藏室",
    "储藏间",
    "地下室",
    "露台",
    "阳台",
    "平台",
    "花园",
    "庭院",
    "院子",
    "车库",
    "车位",
    "阁楼",
    "夹层",
    "门面",
    "店面",
    "菜地",
)
_OTHER_BEFORE = (
    *_OTHER_SPACES,
    "赠送面积",
    "赠送",
    "附带",
    "另有",
    "外加",
    "还有",
    "带",
    "送",
    "赠",
    "加",
    "含",
    "另",
)


@dataclass(frozen=True)
class Areas:
    area: Decimal | None
    actual: Decimal | None


def read_areas(work: Work) -> Areas:
    """Take the home's area and its actual area (实际面积/实用/使用面积/套内).

    The home's area is an area no word before it gives to another space; one labelled
    建筑面积/面积 wins, then one not followed by a space's name ("20㎡露台": printed ads
    run area and description together, so "120㎡阳台朝南" alone is still the home's), then
    the first."""
    main: list[tuple[tuple[bool, bool, int], int, re.Match[str]]] = []
    actual: tuple[int, re.Match[str]] | None = None
    for match in AREA.finditer(work.text):
        before = work.clause_before(match.start())
        if _ends_with(before, _OTHER_BEFORE):
            continue
        label = _ends_with(before, _ACTUAL_LABELS)
        if label:
            actual = actual or (match.start() - len(before) + before.rfind(label), match)
            continue
        label = _ends_with(before, _MAIN_LABELS)
        start = match.start() - len(before) + before.rfind(label) if label else match.start()
        names_a_space = work.text.startswith(_OTHER_SPACES, match.end())
        main.append(((label is None, names_a_space, match.start()), start, match))
    area = actual_area = None
    if main:
        _, start, match = min(main, key=lambda m: m[0])
        area = _take_area(work, start, match)
    if actual:
        actual_area = _take_area(work, *actual)
    return Areas(area, actual_area)


def _take_area(work: Work, start: int, match: re.Match[str]) -> Decimal | None:
    work.take(start, match.end())
    value = to_decimal(match["num"])
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---- prices ----------------------------------------------------------------------

# Unit prices: 6800元/㎡, 0.68万/㎡, 6800元每㎡, 每㎡6800元, 单价6800元.
_UNIT_PRICES = (
    re.compile(
        r"(?:(?:单价|均价)\s*[:]?\s*约?\s*)?"
        + NUM
        + r"\s*(?P<wan>万)?\s*元?\s*(?:/|每)\s*"
        + AREA_UNIT
    ),
    re.compile(
        r"(?:(?:单价|均价)\s*[:]?\s*)?每\s*"
        + AREA_UNIT
        + r"\s*[:]?\s*约?\s*"
        + NUM
        + r"\s*(?P<wan>万)?\s*元"
    ),
    re.compile(r"(?:单价|均价)\s*[:]?\s*约?\s*" + NUM + r"\s*(?P<wan>万)?\s*元(?!\s*/)"),
)
_NOT_HOME_UNIT_PRICE = ("物业", "物业费", "管理费", "租金", "月租", "停车费")

TOTAL = re.compile(NUM + r"\s*(?P<unit>万元|万|元)")
# The last of these words before a sum in its clause says whose sum it is.
_PRICE_LABELS = ("总价", "售价", "价格", "报价", "现价", "一口价", "仅售", "只售", "特价")
_NOT_PRICE = (
    "首付",
    "月供",
    "车位",
    "车库",
    "贷款",
    "按揭",
    "税费",
    "契税",
    "税",
    "装修",
    "物业",
    "租金",
    "月租",
    "年租",
    "佣金",
    "中介费",
    "定金",
    "订金",
    "押金",
    "原价",
    "可降",
    "再降",
    "已降",
    "降了",
    "优惠",
    "另售",
    "另计",
    "另算",
    "花了",
    "花费",
    "投入",
    "收入",
    "尾款",
    "还款",
    "公积金",
    "评估",
    "少",
    "送",
    "赠",
    "加",
    "补",
    "欠",
    "另",
)
_PRICE_WORDS = re.compile("|".join(sorted((*_PRICE_LABELS, *_NOT_PRICE), key=len, reverse=True)))
_PER = re.compile(r"\s*(?:/|每)\s*(?:" + AREA_UNIT + r"|月|年|天)")
# A sum in plain 元 is a total only when labelled (总价650000元) or large enough.
_MIN_YUAN_TOTAL = Decimal(100000)
_NEGOTIABLE = re.compile(r"(?:价格|售价|总价)?\s*[:]?\s*面议")


def _yuan(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def read_unit_price(work: Work) -> int | None:
    """Take the stated unit price in yuan per m², if the ad states one."""
    for pattern in _UNIT_PRICES:
        for match in pattern.finditer(work.text):
            if _ends_with(work.clause_before(match.start()), _NOT_HOME_UNIT_PRICE):
                continue
            value = to_decimal(match["num"])
            if value is None:
                continue
            work.take(match.start(), match.end())
            return _yuan(value * 10000 if match["wan"] else value)
    return None


@dataclass(frozen=True)
class Total:
    yuan: int | None
    negotiable: bool


def _deciding_word(before: str) -> re.Match[str] | None:
    """The word that says whose sum follows: the last one before it, unless a space
    parts them and the word belongs elsewhere: to the words after it ("送车位 急售80万")
    or to an amount of its own ("送15平车库 80万": the garage is the 15 m²).
    "首付 12万" and "首付只要12万" stay down payments."""
    words = list(_PRICE_WORDS.finditer(before))
    if not words:
        return None
    last = words[-1]
    between = before[last.end() :]
    if not any(c.isspace() for c in between):
        return last
    if between.strip(_FILLER):
        return None
    run = re.split(r"\s", before[: last.start()])[-1]
    return None if any(c.isdigit() for c in run) else last


def read_total(work: Work) -> Total:
    """Take the total price: a sum labelled 总价/售价/… wins, else the first sum (in 万,
    or of at least 100000 元) that no word before it gives to something else (首付, 车位,
    月供 …)."""
    candidates: list[tuple[bool, int, re.Match[str]]] = []
    for match in TOTAL.finditer(work.text):
        if _PER.match(work.text, match.end()):
            continue
        before = work.clause_before(match.start())
        word = _deciding_word(before)
        if word and word.group() in _NOT_PRICE:
            continue
        labelled = word is not None and before[word.end() :].strip(_FILLER) == ""
        if match["unit"] == "元" and not labelled and Decimal(match["num"]) < _MIN_YUAN_TOTAL:
            continue
        start = match.start() - len(before) + word.start() if word and labelled else match.start()
        candidates.append((labelled, start, match))
    negotiable = _NEGOTIABLE.search(work.text)
    if negotiable:
        work.take(negotiable.start(), negotiable.end())
    if not candidates:
        return Total(None, negotiable is not None)
    _, start, match = next((c for c in candidates if c[0]), candidates[0])
    work.take(start, match.end())
    value = to_decimal(match["num"])
    if value is None:
        return Total(None, False)
    return Total(_yuan(value * 10000 if match["unit"] != "元" else value), False)
