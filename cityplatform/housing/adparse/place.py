"""Community (小区) and district (区/县/市) of an ad.

An ad opens with its community, optionally after a tag (【急售】) and a district or county
("天元区金涛小区", "株洲市芦淞区 和厚园小区"); the community runs to the first space or
punctuation, or to where the layout, an area or a price begins. A bracketed alias stays
part of the name, as printed ("老一医院宿舍(操坪小区)", brackets made half-width):
telling the alias apart is the importer's business, not the parser's.
"""

import re

from .text import GAP, Work

# The districts and counties of 株洲市 (places/data/zhuzhou.csv), and former names.
DISTRICTS = ("天元区", "芦淞区", "荷塘区", "石峰区", "渌口区", "醴陵市", "攸县", "茶陵县", "炎陵县")
FORMER_NAMES = {"株洲县": "渌口区"}

_NAMES = "|".join(sorted((*DISTRICTS, *FORMER_NAMES), key=len, reverse=True))
# 株洲市 / 湖南省 are dropped only before a district or a space: "株洲市政宿舍" is a name.
_PREFIX = re.compile(
    rf"\s*(?:湖南省(?=\s|株洲市))?\s*(?:株洲市(?=\s|{_NAMES}))?\s*(?:(?P<district>{_NAMES}))?\s*"
)
# A leading tag such as 【急售】 is left to the features.
_TAG = re.compile(r"\s*【[^】]{0,12}】")
_TOKEN = re.compile(r"[^\s,;。!?、:|" + GAP + r"]+(?:\s*\([^()\s]{1,20}\))?")
_BRACKETED_DISTRICT = re.compile(rf"\((?P<district>{_NAMES})\)$")
_SEP = r"\s,;。!?、|()" + GAP
_STANDALONE_DISTRICT = re.compile(rf"(?<![^{_SEP}])(?P<district>{_NAMES})(?![^{_SEP}])")


def _canonical(name: str) -> str:
    return FORMER_NAMES.get(name, name)


def read_place(work: Work, stop: re.Pattern[str]) -> tuple[str | None, str | None]:
    """Take the community and district from the start of the ad: (community, district)."""
    tag = _TAG.match(work.text)
    start = tag.end() if tag else 0
    prefix = _PREFIX.match(work.text, start)
    assert prefix is not None  # the pattern matches the empty string
    district = _canonical(prefix["district"]) if prefix["district"] else None
    community: str | None = None
    token = _TOKEN.match(work.text, prefix.end())
    end = prefix.end()
    if token:
        name = token.group()
        cut = stop.search(name)
        if cut:
            name = name[: cut.start()]
        end = token.start() + len(name)
        name = re.sub(r"\s+", "", name)
        bracketed = _BRACKETED_DISTRICT.search(name)
        if bracketed:
            district = district or _canonical(bracketed["district"])
            name = name[: bracketed.start()]
        community = name or None
    if end > start:
        work.take(start, end)
    if district is None:
        standalone = _STANDALONE_DISTRICT.search(work.text)
        if standalone:
            district = _canonical(standalone["district"])
            work.take(standalone.start(), standalone.end())
    return community, district
