"""Re-index every article for the phrases apps add as whole search terms
(core.segmentation.add_words): a query for such a phrase now looks for it whole."""

import html

from django.db import migrations
from django.utils.html import strip_tags


def reindex_articles(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cityplatform.news.services import term_weights

    Article = apps.get_model("news", "Article")
    ArticleTerm = apps.get_model("news", "ArticleTerm")
    for article in Article.objects.order_by("pk").prefetch_related("tags").iterator(
        chunk_size=500
    ):
        body_text = html.unescape(strip_tags(article.body_html))  # Article.body_text
        tag_names = [tag.name for tag in article.tags.all()]
        weights = term_weights(article.title, article.subtitle, tag_names, body_text)
        ArticleTerm.objects.filter(article=article).delete()
        ArticleTerm.objects.bulk_create(
            ArticleTerm(article=article, term=term, weight=weight)
            for term, weight in sorted(weights.items())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(reindex_articles, migrations.RunPython.noop),
    ]
