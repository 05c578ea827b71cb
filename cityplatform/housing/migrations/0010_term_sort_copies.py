"""The keyword index copies the listing's sort keys (area, unit price, first listing
time) and its search index holds them, so a keyword search's page in any order reads
the index alone. 0011 re-indexes every listing, which fills the copies."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('housing', '0009_search_phrases_as_terms'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='listingterm',
            name='housing_term_search',
        ),
        migrations.AddField(
            model_name='listingterm',
            name='area_m2',
            field=models.DecimalField(decimal_places=2, max_digits=8, null=True),
        ),
        migrations.AddField(
            model_name='listingterm',
            name='first_listed_at',
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name='listingterm',
            name='unit_price_yuan',
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddIndex(
            model_name='listingterm',
            index=models.Index(fields=['term', 'published', 'place_code', 'price_yuan', 'bedrooms', 'listing', 'area_m2', 'unit_price_yuan', 'first_listed_at'], name='housing_term_search'),
        ),
    ]
