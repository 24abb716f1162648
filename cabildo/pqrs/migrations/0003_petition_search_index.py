"""GIN index for the staff list's Spanish full-text search (PostgreSQL only).

The expression is the one ``selectors._search`` builds with ``SearchVector("subject",
"description", config="es_unaccent")``, so the planner can use it.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS pqrs_petition_fts_idx ON pqrs_petition USING gin "
    "(to_tsvector('es_unaccent'::regconfig, "
    "COALESCE(\"subject\", '') || ' ' || COALESCE(\"description\", '')))"
)
DROP = "DROP INDEX IF EXISTS pqrs_petition_fts_idx"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("pqrs", "0002_spanish_unaccent_search")]

    operations = [migrations.RunPython(forward, backward)]
