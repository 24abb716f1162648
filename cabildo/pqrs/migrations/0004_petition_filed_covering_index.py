"""The (entity, filed_at) index covers the yearly statistics: index-only scans (issue 10)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pqrs", "0003_petition_search_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="petition",
            name="pqrs_filed_idx",
        ),
        migrations.AddIndex(
            model_name="petition",
            index=models.Index(
                fields=["entity", "filed_at"],
                include=(
                    "id",
                    "channel",
                    "status",
                    "kind",
                    "area",
                    "due_date",
                    "answered_at",
                    "closing_reason",
                ),
                name="pqrs_filed_idx",
            ),
        ),
    ]
