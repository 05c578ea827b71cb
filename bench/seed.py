"""Extra data for benchmarks, created through the apps' services.

python -m bench.seed articles 500
"""

import random
import sys

import django


def seed_articles(count: int) -> None:
    from cityplatform.news.models import Category
    from cityplatform.news.services import (
        article_create,
        article_publish,
        article_submit_for_review,
    )
    from cityplatform.places.models import Place

    rng = random.Random(2020)
    category = Category.objects.order_by("pk").first()
    assert category is not None, "load_demo first"
    place = Place.objects.get(code="430200000000")
    topics = [
        "疫情防控",
        "复工复产",
        "春耕生产",
        "养老服务",
        "社区志愿服务",
        "二手房交易",
        "生活服务",
    ]
    sentence = "株洲市城市综合服务信息平台发布{topic}相关信息，请广大市民关注。"
    for number in range(count):
        topic = rng.choice(topics)
        body = "\n\n".join(sentence.format(topic=rng.choice(topics)) for _ in range(12))
        article = article_create(
            actor=None,
            title=f"{topic}工作动态（第{number + 1}期）",
            body=body,
            category=category,
            place=place,
            tags=[topic],
        )
        article_submit_for_review(article=article, actor=None)
        article_publish(article=article, actor=None)


def main() -> None:
    django.setup()
    kind, count = sys.argv[1], int(sys.argv[2])
    if kind != "articles":
        raise SystemExit(f"unknown kind {kind!r}")
    seed_articles(count)


if __name__ == "__main__":
    main()
