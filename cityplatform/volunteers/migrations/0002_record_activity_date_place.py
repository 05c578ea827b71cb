"""Service records carry copies of their activity's date and place, so the statistics
select a date range or a town on the records' own indexes (see ServiceRecord)."""

import django.db.models.deletion
from django.db import migrations, models

COPY_FROM_ACTIVITY = """
UPDATE volunteers_servicerecord
SET activity_date = (
        SELECT a.date FROM volunteers_activity a
        WHERE a.id = volunteers_servicerecord.activity_id),
    activity_place_id = (
        SELECT a.place_id FROM volunteers_activity a
        WHERE a.id = volunteers_servicerecord.activity_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_initial"),
        ("volunteers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicerecord",
            name="activity_date",
            field=models.DateField(null=True, verbose_name="activity date"),
        ),
        migrations.AddField(
            model_name="servicerecord",
            name="activity_place",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.place",
                verbose_name="activity place",
            ),
        ),
        migrations.RunSQL(COPY_FROM_ACTIVITY, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="servicerecord",
            name="activity_date",
            field=models.DateField(verbose_name="activity date"),
        ),
        migrations.AlterField(
            model_name="servicerecord",
            name="activity_place",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="places.place",
                verbose_name="activity place",
            ),
        ),
        migrations.AddIndex(
            model_name="servicerecord",
            index=models.Index(
                fields=["activity_date", "activity_place", "hours"],
                name="volunteers__activit_dc4f26_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="servicerecord",
            index=models.Index(
                fields=["activity_place", "activity_date", "hours"],
                name="volunteers__activit_5b98e1_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="servicerecord",
            index=models.Index(
                fields=["volunteer", "activity_date", "activity_place"],
                name="volunteers__volunte_260a18_idx",
            ),
        ),
    ]
