"""Re-index every article for 株洲's landmarks as whole search terms (places.landmarks),
as 0002 did for the phrases apps added before."""

from importlib import import_module

from django.db import migrations

_phrases = import_module("cityplatform.news.migrations.0002_search_phrases_as_terms")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_search_phrases_as_terms"),
    ]

    operations = [
        migrations.RunPython(_phrases.reindex_articles, migrations.RunPython.noop),
    ]
