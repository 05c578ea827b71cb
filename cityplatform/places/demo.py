"""Demo places: the bundled divisions plus 270 generated villages under 醴陵's 24 towns.

The villages the seed article names are real and placed first: 马放塘社区
(来龙门街道), 姑仙村 (石亭镇) and 华埠村 (李畋镇, printed 李耿镇 in the scan).
"""

from typing import TextIO

from cityplatform.places.models import Place
from cityplatform.places.selectors import LILING
from cityplatform.places.services import places_load_bundled, places_upsert

VILLAGE_COUNT = 270

NAMED_VILLAGES = {
    "来龙门街道": ["马放塘社区"],
    "石亭镇": ["姑仙村"],
    "李畋镇": ["华埠村"],
}

_STEMS = [
    "三狮",
    "双江",
    "双井",
    "双塘",
    "三铺",
    "三星里",
    "四塘",
    "四方",
    "五里牌",
    "五里墩",
    "五石",
    "七星",
    "七里山",
    "八步桥",
    "八里庵",
    "万宜",
    "汪家桥",
    "蒋家桥",
    "金桥",
    "樟桥",
    "龙虎湾",
    "文家湾",
    "盐山",
    "水口山",
    "档梓山",
    "青山",
    "军山",
    "金山",
    "老鸦山",
    "李山",
    "大屏山",
    "竹花山",
    "山水",
    "荷田",
    "峤岭",
    "洙塘",
    "金阳",
    "金狮",
    "金石",
    "金牛",
    "玉瓷",
    "玉屏",
    "玉堂",
    "玉茶",
    "玉皇阁",
    "彰仙",
    "杉仙",
    "鳌仙",
    "裕民",
    "车上",
    "渔潭洲",
    "下三洲",
    "花桥",
    "东岗",
    "梅霞",
    "新华",
    "长岭",
    "枫树",
    "白石",
    "桃花",
]


def village_names() -> dict[str, list[str]]:
    """Village names per town name, 270 in all, deterministic."""
    towns = list(
        Place.objects.filter(code__startswith=LILING[:6], level=Place.Level.TOWN)
        .order_by("code")
        .values_list("name", flat=True)
    )
    per_town = {town: list(NAMED_VILLAGES.get(town, [])) for town in towns}
    base, extra = divmod(VILLAGE_COUNT, len(towns))
    for index, town in enumerate(towns):
        wanted = base + (1 if index < extra else 0)
        suffix = "社区" if town.endswith("街道") else "村"
        step = 0
        while len(per_town[town]) < wanted:
            stem = _STEMS[(index * 7 + step) % len(_STEMS)]
            name = f"{stem}{suffix}"
            if name not in per_town[town]:
                per_town[town].append(name)
            step += 1
    return per_town


def load(out: TextIO) -> None:
    places_load_bundled()
    towns = {p.name: p for p in Place.objects.filter(code__startswith=LILING[:6], level=4)}
    rows = []
    for town_name, names in village_names().items():
        town = towns[town_name]
        # 社区 (residents' committees) take codes 001-199, 村 200-399: the statistical scheme.
        community_no, village_no = 1, 200
        for name in names:
            if name.endswith("社区"):
                number, community_no = community_no, community_no + 1
            else:
                number, village_no = village_no, village_no + 1
            kind = "社区" if name.endswith("社区") else "村"
            rows.append((f"{town.code[:9]}{number:03d}", name, kind))
    places_upsert(rows)
    out.write(f"  places: {Place.objects.count()} places")
