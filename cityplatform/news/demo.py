"""Demo news: the categories, the 醴陵市民政局 report printed on the seed page, and two
notices of the platform itself. Idempotent: articles are looked up by title.

The report's text is in demo_data/ as Markdown, with the scan's broken lines rejoined;
its two photo captions (▲...) become article images with a generated placeholder.
"""

import io
from pathlib import Path
from typing import Any, TextIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from cityplatform.news import services
from cityplatform.news.models import Article, Category
from cityplatform.places.models import Place

DATA_DIR = Path(__file__).resolve().parent / "demo_data"

ZHUZHOU = "430200000000"
LILING = "430281000000"

# (name, slug, order)
CATEGORIES = [
    ("通知公告", "notices", 10),
    ("民政动态", "civil-affairs", 20),
    ("平台动态", "platform", 30),
]

ARTICLES: list[dict[str, Any]] = [
    {
        "title": "危难之时显身手 履职尽责勇担当",
        "subtitle": "——醴陵市民政局部门抗击新冠肺炎疫情工作综述",
        "authors": "李逸峰 全小云 丁时伟",
        "photo_credits": "醴陵市民政局",
        "source": "醴陵市民政局",
        "category": "民政动态",
        "place": LILING,
        "tags": ["疫情防控", "民政", "四类儿童", "养老机构", "社会组织"],
        "body_file": "liling_civil_affairs.md",
        "images": ["民政党员干部下沉社区一线抗疫", "关爱慰问“四类儿童”"],
    },
    {
        "title": "株洲市城市综合服务信息平台上线运行",
        "subtitle": "",
        "authors": "",
        "photo_credits": "",
        "source": "株洲市城市综合服务信息平台",
        "category": "平台动态",
        "place": ZHUZHOU,
        "tags": ["平台动态", "便民服务"],
        "body": (
            "株洲市城市综合服务信息平台现已上线运行,为市民提供以下服务:\n\n"
            "- **信息发布**:政务动态、通知公告及时发布;\n"
            "- **楼盘推介**:新建楼盘信息一站查询;\n"
            "- **二手房交易**:海量真实房源,均有专人为您匹配;\n"
            "- **生活服务**:白蚁防治、房产测绘等生活服务商家在线联系。\n\n"
            "联系电话:28200686、28200618。"
        ),
        "images": [],
    },
    {
        "title": "平台服务地址及联系电话公告",
        "subtitle": "",
        "authors": "",
        "photo_credits": "",
        "source": "株洲市城市综合服务信息平台",
        "category": "通知公告",
        "place": ZHUZHOU,
        "tags": ["通知公告", "便民服务"],
        "body": (
            "株洲市城市综合服务信息平台服务地址:天元区韶山路568号。\n\n"
            "乘车路线:乘T28路、T40路公交车到花园二村站下车步行10米。\n\n"
            "联系电话:28200686、28200618;购房热线:28200686。"
            "只要您打一个电话,我们为您找到心中的家。"
        ),
        "images": [],
    },
]


def placeholder_png(text: str = "", *, size: tuple[int, int] = (320, 200)) -> bytes:
    """A small grey PNG standing in for a photograph the scan does not carry."""
    image = Image.new("RGB", size, (222, 226, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, size[0] - 9, size[1] - 9), outline=(179, 38, 30), width=3)
    draw.line((8, 8, size[0] - 9, size[1] - 9), fill=(160, 166, 172), width=2)
    draw.line((8, size[1] - 9, size[0] - 9, 8), fill=(160, 166, 172), width=2)
    if text:
        draw.text((16, 16), text.encode("ascii", "ignore").decode() or "photo", fill=(31, 35, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _categories() -> dict[str, Category]:
    result = {}
    for name, slug, order in CATEGORIES:
        category, _created = Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
        result[name] = category
    return result


def _load_article(spec: dict[str, Any], categories: dict[str, Category]) -> Article | None:
    if Article.objects.filter(title=spec["title"]).exists():
        return None
    body = spec.get("body") or (DATA_DIR / spec["body_file"]).read_text(encoding="utf-8")
    article = services.article_create(
        actor=None,
        title=spec["title"],
        subtitle=spec["subtitle"],
        authors=spec["authors"],
        photo_credits=spec["photo_credits"],
        source=spec["source"],
        category=categories[spec["category"]],
        place=Place.objects.get(code=spec["place"]),
        tags=spec["tags"],
        body=body,
    )
    for order, caption in enumerate(spec["images"], start=1):
        services.article_image_add(
            article=article,
            actor=None,
            image=ContentFile(placeholder_png(f"photo {order}"), name=f"demo-{order}.png"),
            caption=caption,
            order=order,
        )
    services.article_submit_for_review(article=article, actor=None)
    services.article_publish(article=article, actor=None)
    return article


def load(out: TextIO) -> None:
    categories = _categories()
    # Oldest first, so the first of ARTICLES ends up at the top of the list.
    created = [s["title"] for s in reversed(ARTICLES) if _load_article(s, categories)]
    if created:
        out.write(f"    news: {len(created)} articles published\n")
