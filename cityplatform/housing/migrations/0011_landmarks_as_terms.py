"""Re-index for 株洲's landmarks as whole search terms (places.landmarks, registered by
the places app): every listing's terms and the buyer demands' match terms, as 0009 did
for the ads' phrases."""

from importlib import import_module

from django.db import migrations

_phrases = import_module("cityplatform.housing.migrations.0009_search_phrases_as_terms")


class Migration(migrations.Migration):
    dependencies = [
        ("housing", "0010_term_sort_copies"),
    ]

    operations = [
        migrations.RunPython(_phrases.reindex_listings, migrations.RunPython.noop),
        migrations.RunPython(_phrases.rematch_demands, migrations.RunPython.noop),
    ]
