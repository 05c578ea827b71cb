"""Generated housing data for bench/housing.py: communities, listings with their keyword
index, and open buyer demands with their match keys, bulk-loaded.

The rows are exactly what the housing services would write (same columns, the same
index terms through core.segmentation, the same match keys through the services'
helpers), only written in bulk: COPY on PostgreSQL, executemany on SQLite, with the
big tables' indexes and foreign keys dropped during the load and rebuilt after it.
Deterministic for a given seed.
"""

import json
import random
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import translation

from cityplatform.core.segmentation import index_terms
from cityplatform.housing.matching.criteria import feature_terms, keyword_terms, types_mask
from cityplatform.housing.models import (
    BuildingType,
    BuyerDemand,
    Community,
    Decoration,
    DemandMatchKey,
    Listing,
    ListingTerm,
    community_key,
)
from cityplatform.housing.models.demands import (
    ANYWHERE,
    OPEN_BOUNDS,
    community_scope,
    named_bounds,
    place_scope,
)
from cityplatform.housing.models.search import TERM_MAX_LENGTH
from cityplatform.places.models import Place
from cityplatform.places.selectors import ZHUZHOU

Progress = Callable[[int], None]

# District → (share of homes, typical price per m² in yuan).
DISTRICTS = {
    "天元区": (0.22, 8200),
    "芦淞区": (0.15, 6800),
    "荷塘区": (0.15, 6300),
    "石峰区": (0.13, 5800),
    "渌口区": (0.06, 4600),
    "醴陵市": (0.12, 5200),
    "攸县": (0.07, 4300),
    "茶陵县": (0.06, 4000),
    "炎陵县": (0.04, 3700),
}
PREFIXES = [
    "金涛",
    "春藤",
    "湘水",
    "神农",
    "泰山",
    "湘江",
    "炎帝",
    "栗雨",
    "白石",
    "建设",
    "红旗",
    "新华",
    "长江",
    "黄河",
    "珠江",
    "天台",
    "钻石",
    "玫瑰",
    "凤凰",
    "龙腾",
    "锦绣",
    "阳光",
    "翠竹",
    "梧桐",
    "桂花",
    "荷花",
    "芙蓉",
    "枫林",
    "松涛",
    "杉木",
    "樟树",
    "银杏",
    "东方",
    "南方",
    "西城",
    "北城",
    "中心",
    "滨江",
    "湖畔",
    "山水",
    "云龙",
    "清水",
    "盛世",
    "世纪",
    "时代",
    "华美",
    "恒大",
    "美的",
    "碧桂",
    "万达",
    "保利",
    "中建",
    "华润",
    "绿地",
    "融创",
    "旭辉",
    "金地",
    "招商",
    "紫荆",
    "铁路",
    "车站",
    "工业",
    "大学",
    "学府",
    "文化",
    "体育",
    "人民",
    "解放",
    "和平",
    "胜利",
    "光明",
    "幸福",
    "吉祥",
    "如意",
    "康馨",
    "佳诚",
    "新城",
    "首座",
    "名都",
    "高科",
    "万丰",
    "岭秀",
    "尚格",
    "花好",
    "悦园",
    "田心",
    "王塔",
    "太子",
    "八达",
    "七一",
    "五一",
    "三一",
    "向阳",
    "朝阳",
    "红星",
    "东风",
]
SUFFIXES = [
    "小区",
    "花园",
    "名城",
    "家园",
    "新村",
    "公馆",
    "华府",
    "国际",
    "雅苑",
    "丽都",
    "山庄",
    "广场",
    "大厦",
    "苑",
    "府",
    "城",
    "湾",
    "御景",
    "天地",
    "壹号",
    "新苑",
    "佳园",
    "公寓",
    "嘉园",
    "生活区",
]
PHASES = ["", "二期", "三期"]
# Ad phrases, weighted as they turn up in the seed and the wild.
FEATURES = [
    ("家电齐全", 12), ("精装修", 10), ("拎包入住", 6), ("电梯", 10), ("车位", 5),
    ("学区房", 5), ("南北通透", 8), ("满五唯一", 3), ("中央空调", 2), ("地暖", 1),
    ("成熟小区", 8), ("配套齐全", 7), ("交通方便", 7), ("低楼层", 4), ("大阳台", 3),
    ("复式", 1), ("单价低", 2), ("急售", 2), ("性价比高", 3), ("中间楼层", 3),
]  # fmt: skip
LANDMARKS = [
    "二中",
    "一中",
    "四中",
    "八中",
    "北师大附校",
    "中心医院",
    "人民医院",
    "地铁",
    "火车站",
    "汽车站",
    "湘江",
    "神农公园",
    "万达",
    "王府井",
    "步步高",
    "芦淞市场",
    "工业大学",
    "职业技术学院",
    "体育中心",
    "市政府",
]
SENTENCES = [
    "近{l}", "步行五分钟到{l}", "{l}旁", "临近{l}", "紧邻{l}商圈", "业主诚心出售",
    "采光好视野开阔", "小区环境优美", "看房方便", "随时可以看房", "楼下就是菜市场",
    "物业管理规范", "装修保养好", "户型方正", "价格可谈",
]  # fmt: skip
TYPES = [
    (BuildingType.RESIDENTIAL, 80), (BuildingType.APARTMENT, 10), (BuildingType.DUPLEX, 4),
    (BuildingType.GARDEN_HOUSE, 3), (BuildingType.VILLA, 2), (BuildingType.DETACHED_VILLA, 1),
]  # fmt: skip
STATUSES = [
    ("published", 80), ("sold", 8), ("withdrawn", 5), ("expired", 5), ("draft", 1),
    ("pending", 1),
]  # fmt: skip
DECORATIONS = [d for d in Decoration.values]


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class World:
    """What the generator needs to remember between tables."""

    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.districts: list[Place] = []
        self.district_price: dict[str, int] = {}
        # community id → (place code, price per m², name, its index terms)
        self.communities: dict[int, tuple[str, int, str, frozenset[str]]] = {}
        self._cut: dict[str, frozenset[str]] = {}

    @classmethod
    def from_database(cls, seed: int, now: datetime) -> "World":
        """The world of a database built earlier (BENCH_HOUSING_REUSE): districts and
        communities read back; a community's price per m² is its district's."""
        from cityplatform.housing.models import Community

        world = cls(seed=seed, now=now)
        world.districts = list(Place.objects.filter(parent_id=ZHUZHOU, name__in=DISTRICTS))
        world.district_price = {p.code: DISTRICTS[p.name][1] for p in world.districts}
        for pk, place, name in Community.objects.values_list("pk", "place_id", "name"):
            price = world.district_price.get(place, 8000)
            world.communities[pk] = (place, price, name, world.terms(name))
        return world

    def terms(self, text: str) -> frozenset[str]:
        """index_terms, cached: the generated texts repeat their phrases."""
        found = self._cut.get(text)
        if found is None:
            found = frozenset(t[:TERM_MAX_LENGTH] for t in index_terms(text))
            self._cut[text] = found
        return found


def _ts(value: datetime) -> str:
    """A timestamp as the database stores it (SQLite: naive UTC, as Django writes)."""
    if connection.vendor == "sqlite":
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat()


def columns(model: type[Model], *, without_id: bool = False) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not (without_id and f.primary_key)]


def bulk_write(model: type[Model], cols: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Write rows in the given column order: COPY on PostgreSQL, executemany on SQLite."""
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in cols)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        marks = ", ".join("?" for _ in cols)
        # Table and columns come from the models, never from input.
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 20_000:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def communities(world: World, count: int) -> Iterator[tuple[Any, ...]]:
    rng = world.rng
    world.districts = list(Place.objects.filter(parent_id=ZHUZHOU, name__in=DISTRICTS))
    weights = [DISTRICTS[p.name][0] for p in world.districts]
    world.district_price = {p.code: DISTRICTS[p.name][1] for p in world.districts}
    names = [f"{a}{b}{c}" for c in PHASES for a in PREFIXES for b in SUFFIXES]
    rng.shuffle(names)
    created = _ts(world.now - timedelta(days=800))
    for number, name in enumerate(names[:count], start=1):
        place = rng.choices(world.districts, weights=weights)[0]
        price = int(world.district_price[place.code] * rng.uniform(0.7, 1.45))
        world.communities[number] = (place.code, price, name, world.terms(name))
        yield (number, name, community_key(name), place.code, "", created)


def _layout(rng: random.Random, building_type: str) -> tuple[int | None, int, int, Decimal]:
    if building_type == BuildingType.APARTMENT and rng.random() < 0.4:
        return None, 1, 1, Decimal(rng.randrange(3000, 7000)) / 100
    bedrooms = rng.choices([1, 2, 3, 4, 5], weights=[8, 30, 42, 15, 5])[0]
    if building_type in (BuildingType.VILLA, BuildingType.DETACHED_VILLA):
        bedrooms += 2
    area = Decimal(int((22 + 32 * bedrooms) * rng.uniform(0.8, 1.3) * 100)) / 100
    return bedrooms, rng.choice([1, 2]), rng.choice([1, 1, 2]), area


def listings(
    world: World, count: int, terms_out: list[tuple[Any, ...]]
) -> Iterator[tuple[Any, ...]]:
    """Listing rows in Listing's column order; each listing's index terms are appended
    to `terms_out` (the caller drains it)."""
    rng = world.rng
    ids = list(world.communities)
    # A few big communities, many small ones.
    weights = [1.0 / (rank**0.6) for rank in range(1, len(ids) + 1)]
    cols = columns(Listing)
    with translation.override("zh-hans"):
        kind_labels = {t: str(BuildingType(t).label) for t in BuildingType.values}
        deco_labels = {d: str(Decoration(d).label) for d in Decoration.values}
    for number in range(1, count + 1):
        community_id = rng.choices(ids, weights=weights)[0]
        place, per_m2, _name, community_terms = world.communities[community_id]
        building_type = _weighted(rng, TYPES)
        bedrooms, living, baths, area = _layout(rng, building_type)
        price: int | None = int(area * per_m2 * Decimal(rng.uniform(0.85, 1.15))) // 1000 * 1000
        if rng.random() < 0.02:
            price = None
        features = list(dict.fromkeys(_weighted(rng, FEATURES) for _ in range(rng.randrange(0, 4))))
        sentences = [
            s.format(l=rng.choice(LANDMARKS)) for s in rng.sample(SENTENCES, rng.randrange(1, 4))
        ]
        decoration = rng.choice(DECORATIONS)
        status = _weighted(rng, STATUSES)
        listed = world.now - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        refreshed = world.now - timedelta(minutes=rng.randrange(0, 29 * 24 * 60))
        on_market_once = status not in ("draft", "pending")
        verified = status == "published" and rng.random() < 0.6
        terms = set(community_terms)
        for text in [*features, *sentences, kind_labels[building_type]]:
            terms |= world.terms(text)
        if decoration != Decoration.UNKNOWN:
            terms |= world.terms(deco_labels[decoration])
        published = status == "published"
        unit = int((Decimal(price) / area).quantize(Decimal(1))) if price else None
        first_listed = _ts(listed) if on_market_once else None
        copies = (published, place, bedrooms, price, str(area), unit, first_listed)
        terms_out.extend((number, t, *copies) for t in terms)
        values = {
            "id": number,
            "community_id": community_id,
            "place_id": place,
            "bedrooms": bedrooms,
            "living_rooms": living if bedrooms is not None else None,
            "bathrooms": baths if bedrooms is not None else None,
            "building_type": building_type,
            "area_m2": str(area),
            "actual_area_m2": None,
            "floor": None,
            "total_floors": None,
            "decoration": decoration,
            "furnished": "家电齐全" in features or "拎包入住" in features,
            "price_yuan": price,
            "unit_price_yuan": unit,
            "features": json.dumps(features, ensure_ascii=False),
            "description": "，".join(sentences) + "。",
            "owner_name": "业主",
            "owner_phone": "13800000000",
            "consigned_price_yuan": price,
            "status": status,
            "verified": verified,
            "verified_at": _ts(refreshed) if verified else None,
            "verified_by_id": None,
            "first_listed_at": first_listed,
            "refreshed_at": _ts(refreshed) if on_market_once else None,
            "possible_duplicate_of_id": None,
            "source_text": "",
            "source_key": None,
            "created_at": _ts(listed),
            "updated_at": _ts(refreshed),
        }
        yield tuple(values[c] for c in cols)


def _budget(rng: random.Random, per_m2: int) -> tuple[int | None, int, int]:
    """(min, max, bedrooms the budget suggests) around a typical home of the place:
    most buyers name a band of 15-30 % below their ceiling."""
    bedrooms = rng.choices([1, 2, 3, 4], weights=[8, 35, 45, 12])[0]
    typical = (22 + 32 * bedrooms) * per_m2
    high = int(typical * rng.uniform(0.9, 1.3)) // 10_000 * 10_000
    low = int(high * rng.uniform(0.7, 0.85)) // 10_000 * 10_000 if rng.random() < 0.8 else None
    return low, high, bedrooms


def demands(
    world: World,
    count: int,
    districts_out: list[tuple[int, str]],
    communities_out: list[tuple[int, int]],
    keys_out: list[tuple[Any, ...]],
) -> Iterator[tuple[Any, ...]]:
    """Open demand rows in BuyerDemand's column order; their places and match keys go
    to the *_out lists (the caller drains them)."""
    rng = world.rng
    cols = columns(BuyerDemand)
    community_ids = list(world.communities)
    popular = [f for f, w in FEATURES if w >= 5]
    created = _ts(world.now - timedelta(days=30))
    for number in range(1, count + 1):
        roll = rng.random()
        place_codes: list[str] = []
        chosen: list[int] = []
        if roll < 0.65:
            place_codes = [p.code for p in rng.sample(world.districts, rng.choice([1, 1, 1, 2]))]
            per_m2 = max(world.district_price[c] for c in place_codes)
        elif roll < 0.95:
            chosen = rng.sample(community_ids, rng.randrange(1, 4))
            per_m2 = max(world.communities[c][1] for c in chosen)
        else:
            per_m2 = 6000
        low, high, bedrooms = _budget(rng, per_m2)
        bedrooms_min = bedrooms if rng.random() < 0.85 else None
        bedrooms_max = (bedrooms + rng.choice([0, 1])) if bedrooms_min else None
        area_min = Decimal(20 + 28 * bedrooms) if rng.random() < 0.4 else None
        area_max = Decimal(60 + 40 * bedrooms) if rng.random() < 0.2 else None
        types = rng.choice(
            [[]] * 17
            + [
                [BuildingType.RESIDENTIAL],
                [BuildingType.APARTMENT],
                [BuildingType.RESIDENTIAL, BuildingType.DUPLEX],
            ]
        )
        features = rng.sample(popular, rng.choice([0, 0, 1, 1, 2]))
        keywords = rng.choice(LANDMARKS) if rng.random() < 0.3 else ""
        place = place_codes[0] if len(place_codes) == 1 else ZHUZHOU
        if chosen and len({world.communities[c][0] for c in chosen}) == 1:
            place = world.communities[chosen[0]][0]
        values = {
            "id": number,
            "buyer_name": f"买家{number}",
            "buyer_phone": f"139{number:08d}",
            "place_id": place,
            "budget_min_yuan": low,
            "budget_max_yuan": high,
            "bedrooms_min": bedrooms_min,
            "bedrooms_max": bedrooms_max,
            "area_min_m2": None if area_min is None else str(area_min),
            "area_max_m2": None if area_max is None else str(area_max),
            "building_types": json.dumps(types),
            "features": json.dumps(features, ensure_ascii=False),
            "keywords": keywords,
            "match_terms": json.dumps(
                {"features": feature_terms(features), "keywords": keyword_terms(keywords)},
                ensure_ascii=False,
            ),
            "notes": "",
            "source": "online",
            "taken_by_id": None,
            "assigned_to_id": None,
            "notice_preference": "instant" if rng.random() < 0.7 else "digest",
            "digest_max_listings": 5,
            "status": "open",
            "created_at": created,
            "updated_at": created,
        }
        districts_out.extend((number, code) for code in place_codes)
        communities_out.extend((number, c) for c in chosen)
        bounds = {
            "budget_min": low, "budget_max": high, "bedrooms_min": bedrooms_min,
            "bedrooms_max": bedrooms_max, "area_min": area_min, "area_max": area_max,
        }  # fmt: skip
        bound = {k: OPEN_BOUNDS[k] if v is None else v for k, v in bounds.items()}
        scopes = [place_scope(c) for c in place_codes] + [community_scope(c) for c in chosen]
        terms = json.dumps(json.loads(values["match_terms"]), ensure_ascii=False)
        for scope in scopes or [ANYWHERE]:
            keys_out.append(
                (number, scope, bound["budget_min"], bound["budget_max"],
                 bound["bedrooms_min"], bound["bedrooms_max"], str(bound["area_min"]),
                 str(bound["area_max"]), types_mask(types), named_bounds(bounds), terms)
            )  # fmt: skip
        yield tuple(values[c] for c in cols)


KEY_COLUMNS = [
    "demand_id", "scope", "budget_min", "budget_max", "bedrooms_min", "bedrooms_max",
    "area_min", "area_max", "building_types", "named", "terms",
]  # fmt: skip
TERM_COLUMNS = [
    "listing_id",
    "term",
    "published",
    "place_code",
    "bedrooms",
    "price_yuan",
    "area_m2",
    "unit_price_yuan",
    "first_listed_at",
]
# The tables whose indexes and foreign keys are set aside during the load.
BIG_TABLES = [Listing, ListingTerm, BuyerDemand, DemandMatchKey, Community]
